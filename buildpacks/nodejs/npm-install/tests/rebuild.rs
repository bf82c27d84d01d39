//! Rebuilds: the layers are reused while `package.json`, the lockfile, node and npm are
//! unchanged, and reinstalled otherwise, with the reason in the log.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::direct::Workspace;
use integration_tests::node_artifacts::{newest_node, oldest_node};
use integration_tests::support::copy_fixture;
use integration_tests::support::read;
use support::{modules_plan, with_node};

fn steps(log: &str) -> Vec<&str> {
    log.lines()
        .map(str::trim)
        .filter(|line| {
            line.starts_with("Reusing")
                || line.starts_with("Installing into")
                || line.ends_with("npm cache from earlier builds")
                || line.ends_with("empty npm cache")
                || line.starts_with("Running")
        })
        .collect()
}

#[test]
fn layers_are_reused_until_the_lockfile_or_node_changes() {
    let (newest, oldest) = (newest_node(), oldest_node());
    assert_ne!(newest, oldest, "the artifacts hold two Node.js versions");
    let workspace = integration_tests::workspace!("npm-install");
    with_node(&workspace, &newest);
    copy_fixture("npm-lockfile", &workspace.app_dir);
    let plan = modules_plan(true, true);
    let first = workspace.build(&plan);
    assert_eq!(first.code, Some(0), "{}", first.log());
    let npm_of = |workspace: &Workspace| {
        let layer: toml::Table = read(&workspace.buildpack_layers().join("build-modules.toml"))
            .parse()
            .expect("toml");
        layer["metadata"]["versions"]["npm"]
            .as_str()
            .expect("npm")
            .to_string()
    };
    let newest_npm = npm_of(&workspace);

    let same = workspace.build(&plan);
    assert_eq!(same.code, Some(0), "{}", same.log());
    let unchanged = format!(
        "Reusing the cached layer: package-lock.json, package.json, Node.js v{newest} and npm {newest_npm} are unchanged"
    );
    assert_eq!(
        steps(&same.stdout),
        [
            "Using the npm cache from earlier builds",
            unchanged.as_str(),
            unchanged.as_str()
        ]
    );
    assert_eq!(
        fs_err::read_link(workspace.app_dir.join("node_modules")).expect("a symlink"),
        workspace
            .buildpack_layers()
            .join("launch-modules/node_modules")
    );

    // Same packages, different bytes: the lockfile is what counts.
    let lockfile = workspace.app_dir.join("package-lock.json");
    fs_err::write(&lockfile, read(&lockfile) + "\n").expect("touch lockfile");
    let changed_lockfile = workspace.build(&plan);
    assert_eq!(changed_lockfile.code, Some(0), "{}", changed_lockfile.log());
    assert_eq!(
        steps(&changed_lockfile.stdout),
        [
            "Using the npm cache from earlier builds",
            "Installing into a new layer: package-lock.json changed",
            "Running `npm ci --include=dev`",
            "Installing into a new layer: package-lock.json changed",
            "Running `npm ci --omit=dev --prefer-offline`",
        ]
    );

    with_node(&workspace, &oldest);
    let other_node = workspace.build(&plan);
    assert_eq!(other_node.code, Some(0), "{}", other_node.log());
    let oldest_npm = npm_of(&workspace);
    let why = format!(
        "Installing into a new layer: Node.js changed from v{newest} to v{oldest}, npm changed from {newest_npm} to {oldest_npm}"
    );
    assert_eq!(
        steps(&other_node.stdout),
        [
            "Using the npm cache from earlier builds",
            why.as_str(),
            "Running `npm ci --include=dev`",
            why.as_str(),
            "Running `npm ci --omit=dev --prefer-offline`",
        ]
    );
}
