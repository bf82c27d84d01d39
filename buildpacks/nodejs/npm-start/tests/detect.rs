//! Detect as the lifecycle runs it: an npm project with a start script (or the script
//! `BP_NPM_START_SCRIPT` names) needs node and `node_modules` at launch.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

fn workspace() -> Workspace {
    integration_tests::workspace!("npm-start")
}

#[test]
fn a_start_script_passes_needs_node_and_node_modules_at_launch_and_claims_web() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"scripts":{"start":"node server.js"}}"#);
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    let expected: toml::Table = r#"
        [[requires]]
        name = "node"
        [requires.metadata]
        launch = true

        [[requires]]
        name = "node_modules"
        [requires.metadata]
        launch = true

        [[provides]]
        name = "web-process"

        [[requires]]
        name = "web-process"
        [requires.metadata]
        buildpack = "stowage/npm-start"
    "#
    .parse()
    .expect("toml");
    assert_eq!(plan, expected);
}

#[test]
fn without_a_start_script_only_bp_npm_start_script_passes() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"scripts":{"serve":"node server.js"}}"#);
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.platform_env("BP_NPM_START_SCRIPT", "serve");
    assert_eq!(workspace.detect().0.code, Some(0));
    // A name that is not there passes too, so that build can say what is wrong.
    workspace.platform_env("BP_NPM_START_SCRIPT", "serv");
    assert_eq!(workspace.detect().0.code, Some(0));
}

#[test]
fn yarn_pnpm_and_non_node_apps_are_not_npm_apps() {
    for lockfile in ["yarn.lock", "pnpm-lock.yaml"] {
        let workspace = workspace();
        workspace.app_file("package.json", r#"{"scripts":{"start":"node s.js"}}"#);
        workspace.app_file(lockfile, "");
        assert_eq!(workspace.detect().0.code, Some(100), "with {lockfile}");
    }
    let workspace = workspace();
    workspace.app_file("index.html", "");
    assert_eq!(workspace.detect().0.code, Some(100));
}

#[test]
fn a_project_in_a_subfolder_is_found_with_bp_node_project_path() {
    let workspace = workspace();
    workspace.app_file("web/package.json", r#"{"scripts":{"start":"node s.js"}}"#);
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.platform_env("BP_NODE_PROJECT_PATH", "web");
    assert_eq!(workspace.detect().0.code, Some(0));
}
