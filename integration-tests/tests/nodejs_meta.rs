//! The `stowage/nodejs` meta-buildpack alone takes every Node.js fixture: detection picks
//! the right order group. One app per package manager is built and answers HTTP; the other
//! fixtures are detected only, as each is built with the same buildpacks in its own test.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, Build};
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};
use integration_tests::package_managers as managers;

/// Builds `fixture` with the meta-buildpack and checks the group that ran and the answer.
fn builds_with_group(fixture: &str, expected_group: &[&str]) {
    let (mut app, _mirrors) = meta_app(fixture);
    let build = app.build();
    build.assert_success();
    assert_group(&build, expected_group);
    let running = build.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
}

/// Detects `fixture` with the meta-buildpack and checks the group that passed.
fn detects_group(fixture: &str, expected_group: &[&str]) {
    let (mut app, _mirrors) = meta_app(fixture);
    let build = app.detect();
    build.assert_success();
    assert_group(&build, expected_group);
}

/// `fixture` with the meta-buildpack, and Node.js and the package managers from loopback
/// mirrors, which serve while the caller keeps them.
fn meta_app(fixture: &str) -> (App, [Mirror; 2]) {
    let node = Mirror::start(artifacts_dir());
    let managers = Mirror::start(managers::manager_artifacts());
    let app = App::new(fixture)
        .buildpacks(&["nodejs"])
        .inventory("node", node_test_inventory(&node.url()))
        .inventory(
            "yarn",
            managers::inventory_at("yarn", &["1.22.22", "4.18.1"], "1.*", &managers.url()),
        )
        .inventory(
            "pnpm",
            managers::inventory_at("pnpm", &["9.15.9", "10.34.9"], "10.*", &managers.url()),
        );
    if fixture == "yarn-berry" {
        managers::commit_yarn_release(&app.app_dir(), managers::COMMITTED_BERRY);
    }
    (app, [node, managers])
}

fn assert_group(build: &Build, expected_group: &[&str]) {
    // ca-certificates always takes part: it trusts certificate bindings mounted at runtime.
    let expected: Vec<&str> = std::iter::once("ca-certificates")
        .chain(expected_group.iter().copied())
        .collect();
    assert_eq!(group(build), expected, "{}", build.phase("detector"));
}

/// The buildpacks of the group that passed detection, without the `stowage/` prefix.
fn group(build: &Build) -> Vec<String> {
    let group: toml::Table = fs_err::read_to_string(build.layers_dir().join("group.toml"))
        .expect("group.toml")
        .parse()
        .expect("group.toml is TOML");
    group["group"]
        .as_array()
        .expect("group entries")
        .iter()
        .map(|entry| {
            let id = entry["id"].as_str().expect("id");
            id.trim_start_matches("stowage/").to_string()
        })
        .collect()
}

#[test]
fn a_plain_node_app_gets_node_engine_and_node_start() {
    detects_group("node-server", &["node-engine", "node-start"]);
}

#[test]
fn an_npm_app_with_a_lockfile_gets_the_npm_group() {
    builds_with_group(
        "npm-lockfile",
        &["node-engine", "npm-install", "node-start", "npm-start"],
    );
}

#[test]
fn an_npm_app_without_a_lockfile_gets_the_npm_group() {
    detects_group(
        "npm-no-lockfile",
        &["node-engine", "npm-install", "node-start", "npm-start"],
    );
}

#[test]
fn an_app_with_vendored_node_modules_gets_the_npm_group() {
    detects_group(
        "npm-vendored",
        &["node-engine", "npm-install", "node-start", "npm-start"],
    );
}

#[test]
fn an_npm_workspaces_monorepo_gets_the_npm_group() {
    detects_group(
        "npm-workspaces",
        &["node-engine", "npm-install", "npm-start"],
    );
}

#[test]
fn a_yarn_classic_app_gets_the_yarn_group() {
    builds_with_group(
        "yarn-classic",
        &[
            "node-engine",
            "yarn",
            "yarn-install",
            "node-start",
            "yarn-start",
        ],
    );
}

#[test]
fn a_yarn_berry_app_gets_the_yarn_group() {
    detects_group(
        "yarn-berry",
        &[
            "node-engine",
            "yarn",
            "yarn-install",
            "node-start",
            "yarn-start",
        ],
    );
}

#[test]
fn a_pnpm_app_gets_the_pnpm_group() {
    builds_with_group(
        "pnpm-app",
        &[
            "node-engine",
            "pnpm",
            "pnpm-install",
            "node-start",
            "yarn-start",
        ],
    );
}
