//! Detection as the lifecycle runs it: package.json and pnpm-lock.yaml, in the project folder.

use integration_tests::direct::Workspace;
use integration_tests::package_managers as managers;

fn workspace() -> Workspace {
    integration_tests::workspace!("pnpm-install")
}

#[test]
fn passes_with_package_json_and_pnpm_lock() {
    let workspace = workspace();
    managers::copy_fixture(&workspace, "pnpm-app");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(toml::to_string(&plan).expect("toml"));
}

#[test]
fn fails_without_either_file() {
    let workspace = workspace();
    workspace.app_file("package.json", "{}");
    assert_eq!(workspace.detect().0.code, Some(100), "no pnpm-lock.yaml");
    let workspace = self::workspace();
    workspace.app_file("pnpm-lock.yaml", "");
    assert_eq!(workspace.detect().0.code, Some(100), "no package.json");
}

#[test]
fn looks_in_bp_node_project_path() {
    let workspace = workspace();
    workspace.app_file("api/package.json", "{}");
    workspace.app_file("api/pnpm-lock.yaml", "");
    workspace.platform_env("BP_NODE_PROJECT_PATH", "api");
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
}
