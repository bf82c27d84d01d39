//! Detect and build as the lifecycle runs them: the `web` process from the start script.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::package_managers as managers;

fn workspace(fixture: &str) -> Workspace {
    let workspace = integration_tests::workspace!("yarn-start");
    managers::copy_fixture(&workspace, fixture);
    workspace
}

fn launch_toml(workspace: &Workspace) -> toml::Table {
    fs_err::read_to_string(workspace.buildpack_layers().join("launch.toml"))
        .expect("launch.toml")
        .parse()
        .expect("toml")
}

#[test]
fn yarn_and_pnpm_apps_with_a_start_script_pass() {
    let plans: Vec<String> = ["yarn-classic", "yarn-berry", "pnpm-app"]
        .into_iter()
        .map(|fixture| {
            let (output, plan) = workspace(fixture).detect();
            assert_eq!(output.code, Some(0), "{fixture}: {}", output.log());
            toml::to_string(&plan).expect("toml")
        })
        .collect();
    assert!(plans.iter().all(|plan| *plan == plans[0]), "{plans:?}");
    insta::assert_snapshot!(plans[0]);
}

#[test]
fn apps_without_a_start_script_or_a_lockfile_fail() {
    let no_script = workspace("yarn-classic");
    no_script.app_file("package.json", r#"{"scripts":{"build":"tsc"}}"#);
    assert_eq!(no_script.detect().0.code, Some(100));
    let npm_app = workspace("yarn-classic");
    fs_err::remove_file(npm_app.app_dir.join("yarn.lock")).expect("remove");
    assert_eq!(npm_app.detect().0.code, Some(100));
}

#[test]
fn declares_the_web_process_with_the_hooks() {
    let workspace = workspace("yarn-classic");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains(
            "web (default): bash -c 'echo prestart ran && APP_NAME=yarn-classic node server.js'"
        ),
        "{}",
        output.stdout
    );
    let launch = launch_toml(&workspace);
    let process = &launch["processes"][0];
    assert_eq!(process["type"].as_str(), Some("web"));
    assert_eq!(process["default"].as_bool(), Some(true));
    let command: Vec<&str> = process["command"]
        .as_array()
        .expect("command")
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    assert_eq!(
        command,
        [
            "bash",
            "-c",
            "echo prestart ran && APP_NAME=yarn-classic node server.js"
        ]
    );
    assert_eq!(
        process["working-dir"].as_str(),
        Some(workspace.app_dir.to_str().expect("utf-8"))
    );
}

#[test]
fn runs_in_bp_node_project_path() {
    let workspace = workspace("pnpm-app");
    for file in ["package.json", "pnpm-lock.yaml", "server.js"] {
        fs_err::create_dir_all(workspace.app_dir.join("api")).expect("mkdir");
        fs_err::rename(
            workspace.app_dir.join(file),
            workspace.app_dir.join("api").join(file),
        )
        .expect("move");
    }
    workspace.platform_env("BP_NODE_PROJECT_PATH", "api");
    assert_eq!(workspace.detect().0.code, Some(0));
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    let launch = launch_toml(&workspace);
    assert_eq!(
        launch["processes"][0]["working-dir"].as_str(),
        Some(workspace.app_dir.join("api").to_str().expect("utf-8"))
    );
}

#[test]
fn a_start_script_removed_before_build_is_explained() {
    let workspace = workspace("yarn-classic");
    assert_eq!(workspace.detect().0.code, Some(0));
    workspace.app_file("package.json", "{}");
    let output = workspace.build("");
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(output.stderr);
}
