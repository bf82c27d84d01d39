//! Build as the lifecycle runs it, with a real node and npm: scripts run in order with their
//! output in the log, with the build's dependencies in `node_modules`, and problems explained.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

#[path = "../../npm-install/tests/support/mod.rs"]
mod support;

use integration_tests::direct::Workspace;
use integration_tests::node_artifacts::newest_node;
use integration_tests::support::read;
use std::path::{Path, PathBuf};
use support::{message_and_detail, stable_log, with_node};

const PLAN: &str = "[[entries]]\nname = \"node\"\n[entries.metadata]\nbuild = true\n";

fn workspace() -> Workspace {
    let workspace = integration_tests::workspace!("node-run-script");
    with_node(&workspace, &newest_node());
    workspace
}

/// Scripts that record that they ran, in `order.txt`.
const PACKAGE: &str = r#"{
  "name": "app",
  "scripts": {
    "lint": "echo linting && echo lint >> order.txt",
    "build": "node -e \"require('fs').appendFileSync('order.txt', 'build\\n')\"",
    "start": "node server.js"
  }
}"#;

#[test]
fn runs_the_scripts_in_the_given_order_with_their_output() {
    let workspace = workspace();
    workspace.app_file("package.json", PACKAGE);
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "lint, build");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(read(&workspace.app_dir.join("order.txt")), "lint\nbuild\n");
    let lint = output
        .stdout
        .find("Running `npm run lint`")
        .expect("lint ran");
    let build = output
        .stdout
        .find("Running `npm run build`")
        .expect("build ran");
    assert!(lint < build, "{}", output.stdout);
    assert!(
        output.stdout.contains("      linting\n"),
        "{}",
        output.stdout
    );
}

/// An installer's two layers, as npm-install leaves them: the app links to the launch
/// packages, and the build packages (with a devDependency's command) are named in
/// `STOWAGE_BUILD_NODE_MODULES`.
fn installed_layers(workspace: &Workspace, project: &Path) -> (PathBuf, PathBuf) {
    let layers = workspace.root.path().join("layers/stowage_npm-install");
    let launch = layers.join("launch-modules/node_modules");
    let build = layers.join("build-modules/node_modules");
    fs_err::create_dir_all(&launch).expect("mkdir");
    fs_err::create_dir_all(build.join(".bin")).expect("mkdir");
    fs_err::create_dir_all(build.join("dev-tool")).expect("mkdir");
    fs_err::write(
        build.join("dev-tool/package.json"),
        r#"{"name":"dev-tool","version":"1.0.0"}"#,
    )
    .expect("write");
    let tool = build.join(".bin/dev-tool");
    fs_err::write(&tool, "#!/bin/sh\necho \"dev-tool ran\" > built.txt\n").expect("write");
    fs_err::set_permissions(&tool, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    std::os::unix::fs::symlink(&launch, project.join("node_modules")).expect("link");
    workspace.build_env("STOWAGE_BUILD_NODE_MODULES", &build.display().to_string());
    (launch, build)
}

#[test]
fn scripts_see_the_build_dependencies_and_the_app_keeps_the_launch_ones() {
    let workspace = workspace();
    workspace.app_file(
        "package.json",
        r#"{"scripts":{"build":"dev-tool && node -e \"require.resolve('dev-tool/package.json')\""}}"#,
    );
    let (launch, _) = installed_layers(&workspace, &workspace.app_dir);
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "build");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stdout
            .contains("node_modules points at the build dependencies while the scripts run"),
        "{}",
        output.stdout
    );
    assert_eq!(read(&workspace.app_dir.join("built.txt")), "dev-tool ran\n");
    assert_eq!(
        fs_err::read_link(workspace.app_dir.join("node_modules")).expect("a symlink"),
        launch,
        "the image keeps the launch packages"
    );
}

#[test]
fn a_failing_script_stops_the_build_and_restores_the_link() {
    let workspace = workspace();
    workspace.app_file(
        "package.json",
        r#"{"scripts":{"build":"echo compile error in src/app.ts >&2 && exit 2","test":"echo never"}}"#,
    );
    let (launch, _) = installed_layers(&workspace, &workspace.app_dir);
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "build,test");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        output.stdout.contains("compile error in src/app.ts"),
        "{}",
        output.stdout
    );
    assert!(!output.stdout.contains("npm run test"), "{}", output.stdout);
    let (message, detail) = message_and_detail(&stable_log(&output.stderr, &workspace));
    insta::assert_snapshot!(message);
    assert!(detail.contains("compile error in src/app.ts"), "{detail}");
    assert_eq!(
        fs_err::read_link(workspace.app_dir.join("node_modules")).expect("a symlink"),
        launch
    );
}

#[test]
fn a_missing_script_fails_before_any_script_runs() {
    let workspace = workspace();
    workspace.app_file("package.json", PACKAGE);
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "lint,compile");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
    assert!(!workspace.app_dir.join("order.txt").exists());
}

#[test]
fn yarn_projects_run_scripts_with_yarn() {
    let workspace = workspace();
    workspace.app_file("web/package.json", PACKAGE);
    workspace.app_file("web/yarn.lock", "");
    // Stands in for the yarn layer's command.
    let bin = workspace.root.path().join("yarn-bin");
    fs_err::create_dir_all(&bin).expect("mkdir");
    fs_err::write(
        bin.join("yarn"),
        "#!/bin/sh\necho \"yarn $* in $(basename \"$PWD\")\"\n",
    )
    .expect("write");
    fs_err::set_permissions(
        bin.join("yarn"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    workspace.prepend_path(&bin);
    workspace.platform_env("BP_NODE_PROJECT_PATH", "web");
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "build");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains("Running `yarn run build`")
            && output.stdout.contains("yarn run build in web"),
        "{}",
        output.stdout
    );
}
