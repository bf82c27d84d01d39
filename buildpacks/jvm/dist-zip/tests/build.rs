//! Build as the lifecycle runs it, on a generated distribution layout: the script becomes the
//! `dist-zip`, `task` and `web` processes, made executable; no script or several fail.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use std::os::unix::fs::PermissionsExt;

const PLAN: &str = "[[entries]]\nname = \"jvm-application\"\n";

fn distribution() -> Workspace {
    let workspace = integration_tests::workspace!("dist-zip");
    workspace.app_file(
        "demo-1.0/bin/demo",
        "#!/bin/sh\nexec java -cp \"$APP_HOME/lib/*\" demo.Main\n",
    );
    workspace.app_file("demo-1.0/bin/demo.bat", "@echo off\n");
    workspace.app_file("demo-1.0/lib/demo-1.0.jar", "");
    workspace
}

#[test]
fn the_script_is_every_process_and_made_executable() {
    let workspace = distribution();
    let output = workspace.build_ok(PLAN);
    assert!(
        output.stdout.contains("demo-1.0/bin/demo: made executable"),
        "{}",
        output.stdout
    );
    let script = workspace.app_dir.join("demo-1.0/bin/demo");
    let mode = fs_err::metadata(&script)
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111);
    let launch: toml::Table =
        fs_err::read_to_string(workspace.buildpack_layers().join("launch.toml"))
            .expect("launch.toml")
            .parse()
            .expect("toml");
    let processes = launch["processes"].as_array().expect("processes");
    let kinds: Vec<&str> = processes
        .iter()
        .map(|p| p["type"].as_str().expect("type"))
        .collect();
    assert_eq!(kinds, ["dist-zip", "task", "web"]);
    for process in processes {
        assert_eq!(
            process["command"][0].as_str(),
            Some(script.to_str().expect("utf-8"))
        );
        assert_eq!(
            process
                .get("default")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false),
            process["type"].as_str() == Some("web")
        );
    }
}

fn fails(workspace: &Workspace) -> String {
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(!workspace.buildpack_layers().join("launch.toml").exists());
    output.error_head()
}

#[test]
fn several_scripts_fail() {
    let workspace = distribution();
    workspace.app_file("demo-1.0/bin/demo-tool", "#!/bin/sh\n");
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn without_a_script_the_app_is_not_a_distribution_and_nothing_is_added() {
    let workspace = integration_tests::workspace!("dist-zip");
    workspace.app_file("WEB-INF/web.xml", "<web-app/>");
    let output = workspace.build_ok(PLAN);
    assert!(
        output
            .log()
            .contains("No start script: not a distribution, nothing to add"),
        "{}",
        output.log()
    );
    assert!(!workspace.buildpack_layers().join("launch.toml").exists());
}

#[test]
fn a_script_pattern_that_matches_nothing_fails() {
    let workspace = integration_tests::workspace!("dist-zip");
    workspace.app_file("demo.jar", "");
    workspace.platform_env("BP_APPLICATION_SCRIPT", "demo/bin/demo");
    insta::assert_snapshot!(fails(&workspace));
}
