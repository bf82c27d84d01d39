//! Build as the lifecycle runs it: the default `web` process runs the start script and its
//! hooks with `bash -c` in the project folder.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::node_artifacts::{newest_node, node_bin};
use integration_tests::support::read;

const PLAN: &str = "[[entries]]\nname = \"node\"\n[entries.metadata]\nlaunch = true\n";

fn workspace() -> Workspace {
    integration_tests::workspace!("npm-start")
}

fn web_process(workspace: &Workspace) -> toml::Table {
    let launch: toml::Table = read(&workspace.buildpack_layers().join("launch.toml"))
        .parse()
        .expect("launch.toml");
    let processes = launch["processes"].as_array().expect("processes");
    assert_eq!(processes.len(), 1);
    processes[0].as_table().expect("process").clone()
}

/// Runs the process as the launcher would: `command` directly, in `working-dir`.
fn run(process: &toml::Table) -> String {
    let command: Vec<&str> = process["command"]
        .as_array()
        .expect("command")
        .iter()
        .map(|part| part.as_str().expect("string"))
        .collect();
    let output = std::process::Command::new(command[0])
        .args(&command[1..])
        .current_dir(process["working-dir"].as_str().expect("working-dir"))
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", node_bin(&newest_node()).display()),
        )
        .output()
        .expect("run the process");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_web_process_runs_the_start_script_with_its_hooks_in_bash() {
    let workspace = workspace();
    workspace.app_file(
        "package.json",
        r#"{"scripts":{
            "prestart":"echo migrating",
            "start":"node -e \"console.log('started with', process.argv.length, 'args')\"",
            "poststart":"echo stopped"
        }}"#,
    );
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stdout);

    let process = web_process(&workspace);
    assert_eq!(process["type"].as_str(), Some("web"));
    assert_eq!(process["default"].as_bool(), Some(true));
    assert_eq!(
        process["working-dir"].as_str(),
        Some(workspace.app_dir.display().to_string().as_str())
    );
    assert_eq!(
        process["command"],
        toml::Value::Array(vec![
            "bash".into(),
            "-c".into(),
            "echo migrating && node -e \"console.log('started with', process.argv.length, 'args')\" && echo stopped".into(),
        ])
    );
    assert_eq!(run(&process), "migrating\nstarted with 1 args\nstopped\n");
}

#[test]
fn bp_npm_start_script_chooses_another_script_in_the_project_folder() {
    let workspace = workspace();
    workspace.app_file(
        "web/package.json",
        r#"{"scripts":{"start":"echo wrong","preserve":"echo before","serve":"echo serving from $(basename \"$PWD\")"}}"#,
    );
    workspace.platform_env("BP_NODE_PROJECT_PATH", "web");
    workspace.platform_env("BP_NPM_START_SCRIPT", "serve");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(0), "{}", output.log());
    let process = web_process(&workspace);
    assert_eq!(
        process["working-dir"].as_str(),
        Some(workspace.app_dir.join("web").display().to_string().as_str())
    );
    assert_eq!(run(&process), "before\nserving from web\n");
}

#[test]
fn a_missing_chosen_script_is_explained() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"scripts":{"start":"node s.js"}}"#);
    workspace.platform_env("BP_NPM_START_SCRIPT", "serve");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
    assert!(!workspace.buildpack_layers().join("launch.toml").exists());
}

/// The plan of a build where `ids` set `web`, in group order (as the lifecycle gives it).
fn plan_with_web_claims(ids: &[&str]) -> String {
    let claims: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                "[[entries]]\nname = \"web-process\"\n[entries.metadata]\nbuildpack = \"{id}\"\n"
            )
        })
        .collect();
    format!("{PLAN}{}", claims.concat())
}

#[test]
fn a_later_start_buildpack_that_sets_web_is_named_and_gets_the_plan_entry() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"scripts":{"start":"node server.js"}}"#);
    let output = workspace.build(&plan_with_web_claims(&[
        "stowage/npm-start",
        "stowage/procfile",
    ]));
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stdout);
    // Left unmet, so the lifecycle passes the entry on to stowage/procfile.
    let build_toml: toml::Table = read(&workspace.buildpack_layers().join("build.toml"))
        .parse()
        .expect("build.toml");
    assert_eq!(build_toml["unmet"][0]["name"].as_str(), Some("web-process"));
}

#[test]
fn bp_web_server_without_a_web_server_buildpack_warns() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"scripts":{"start":"node server.js"}}"#);
    workspace.platform_env("BP_WEB_SERVER", "nginx");
    let output = workspace.build(&plan_with_web_claims(&["stowage/npm-start"]));
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stdout);
}
