//! npm apps through the real lifecycle: node-engine, npm-install and a start buildpack build
//! an image that starts and answers HTTP, with production dependencies only; a build script
//! runs with the devDependencies; workspaces and a vendored `node_modules` work; a rebuild
//! reuses the installed packages.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};

fn npm_app(fixture: &str, buildpacks: &[&str], mirror: &Mirror) -> App {
    App::new(fixture)
        .buildpacks(buildpacks)
        .inventory("node", node_test_inventory(&mirror.url()))
}

fn answer(build: &integration_tests::lifecycle::Build) -> String {
    let running = build.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    body
}

#[test]
fn a_lockfile_app_builds_with_dev_dependencies_runs_without_them_and_rebuilds_from_cache() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = npm_app(
        "npm-lockfile",
        &["node-engine", "npm-install", "node-run-script", "npm-start"],
        &mirror,
    )
    .env("BP_NODE_RUN_SCRIPTS", "build");

    let first = app.build();
    first.assert_success();
    assert_eq!(
        answer(&first),
        "one minute is 1m; devDependencies absent; built with is-number 7.0.0\n"
    );
    let sbom = first
        .image()
        .read("layers/sbom/launch/stowage_npm-install/launch-modules/sbom.cdx.json");
    assert!(sbom.contains("pkg:npm/ms@2.1.3"), "{sbom}");
    assert!(!sbom.contains("is-number"), "{sbom}");

    let again = app.build();
    again.assert_success();
    again.assert_modules_layers_reused(
        "package-lock.json, package.json, Node.js v",
        "npm ci",
        "stowage/npm-install",
    );
    assert_eq!(
        answer(&again),
        "one minute is 1m; devDependencies absent; built with is-number 7.0.0\n"
    );
}

#[test]
fn an_npm_workspaces_app_answers_from_a_workspace_package() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = npm_app(
        "npm-workspaces",
        &["node-engine", "npm-install", "npm-start"],
        &mirror,
    );
    let build = app.build();
    build.assert_success();
    assert_eq!(answer(&build), "hello from a workspace; one minute is 1m\n");
}

#[test]
fn a_vendored_node_modules_is_rebuilt_for_an_app_node_start_starts() {
    let mirror = Mirror::start(artifacts_dir());
    // node-start asks for nothing of node_modules: npm-install's own requirement installs it
    // for launch.
    let mut app = npm_app(
        "npm-vendored",
        &["node-engine", "npm-install", "node-start"],
        &mirror,
    );
    let build = app.build();
    build.assert_success();
    assert!(
        build.phase("builder").contains("Running `npm rebuild`"),
        "{}",
        build.phase("builder")
    );
    assert_eq!(answer(&build), "hello from a vendored package\n");
}
