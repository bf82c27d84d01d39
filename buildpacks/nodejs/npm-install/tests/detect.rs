//! Detect as the lifecycle runs it: an npm project passes and asks for node and npm at build.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

fn workspace() -> Workspace {
    integration_tests::workspace!("npm-install")
}

#[test]
fn an_npm_project_provides_node_modules_and_needs_node_and_npm_to_build() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"name":"app"}"#);
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    let expected: toml::Table = r#"
        [[provides]]
        name = "node_modules"

        [[requires]]
        name = "node"
        [requires.metadata]
        build = true

        [[requires]]
        name = "npm"
        [requires.metadata]
        build = true

        # Its own requirement, so it also runs for an app that node-start or a Procfile starts.
        [[requires]]
        name = "node_modules"
        [requires.metadata]
    "#
    .parse()
    .expect("toml");
    assert_eq!(plan, expected);
}

#[test]
fn no_package_json_no_npm_install() {
    let workspace = workspace();
    workspace.app_file("server.js", "");
    assert_eq!(workspace.detect().0.code, Some(100));
}

#[test]
fn yarn_and_pnpm_projects_belong_to_their_installers() {
    for lockfile in ["yarn.lock", "pnpm-lock.yaml"] {
        let workspace = workspace();
        workspace.app_file("package.json", "{}");
        workspace.app_file(lockfile, "");
        assert_eq!(workspace.detect().0.code, Some(100), "with {lockfile}");
    }
}

#[test]
fn a_project_in_a_subfolder_is_found_with_bp_node_project_path() {
    let workspace = workspace();
    workspace.app_file("web/package.json", "{}");
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.platform_env("BP_NODE_PROJECT_PATH", "web");
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    // A yarn.lock at the app root does not make the subfolder a yarn project.
    workspace.app_file("yarn.lock", "");
    assert_eq!(workspace.detect().0.code, Some(0));
}
