//! Detect as the lifecycle runs it: `BP_NODE_RUN_SCRIPTS` and `package.json` are both needed.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

fn workspace() -> Workspace {
    integration_tests::workspace!("node-run-script")
}

fn required(plan: &toml::Table) -> Vec<String> {
    plan["requires"]
        .as_array()
        .expect("requires")
        .iter()
        .map(|require| {
            assert_eq!(require["metadata"]["build"].as_bool(), Some(true));
            require["name"].as_str().expect("name").to_string()
        })
        .collect()
}

#[test]
fn passes_with_scripts_to_run_and_needs_node_and_node_modules_to_build() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"scripts":{"build":"tsc"}}"#);
    assert_eq!(workspace.detect().0.code, Some(100), "nothing to run");
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "build");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(required(&plan), ["node", "node_modules"]);
    assert!(plan.get("provides").is_none());
}

#[test]
fn yarn_and_pnpm_projects_also_need_their_package_manager() {
    for (lockfile, manager) in [("yarn.lock", "yarn"), ("pnpm-lock.yaml", "pnpm")] {
        let workspace = workspace();
        workspace.app_file("package.json", "{}");
        workspace.app_file(lockfile, "");
        workspace.platform_env("BP_NODE_RUN_SCRIPTS", "build");
        let (output, plan) = workspace.detect();
        assert_eq!(output.code, Some(0), "{}", output.log());
        assert_eq!(required(&plan), ["node", "node_modules", manager]);
    }
}

#[test]
fn needs_package_json_in_the_project() {
    let workspace = workspace();
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "build");
    workspace.app_file("web/package.json", "{}");
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.platform_env("BP_NODE_PROJECT_PATH", "web");
    assert_eq!(workspace.detect().0.code, Some(0));
}
