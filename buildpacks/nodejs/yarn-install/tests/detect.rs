//! Detection as the lifecycle runs it: package.json and yarn.lock, in the project folder.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::package_managers as managers;

fn workspace() -> Workspace {
    integration_tests::workspace!("yarn-install")
}

#[test]
fn passes_with_package_json_and_yarn_lock() {
    let workspace = workspace();
    managers::copy_fixture(&workspace, "yarn-classic");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(toml::to_string(&plan).expect("toml"));
}

#[test]
fn needs_both_files_in_the_project_folder() {
    managers::check_installer_detect(workspace, "yarn.lock");
}
