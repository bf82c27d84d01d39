//! With `BP_LOG_LEVEL=DEBUG` each script's command says where it runs and what env it gets,
//! with secrets masked; without it, none of that is printed.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

#[path = "../../npm-install/tests/support/mod.rs"]
mod support;

use integration_tests::direct::Workspace;
use integration_tests::node_artifacts::newest_node;
use support::with_node;

const PLAN: &str = "[[entries]]\nname = \"node\"\n[entries.metadata]\nbuild = true\n";

fn workspace() -> Workspace {
    let workspace = integration_tests::workspace!("node-run-script");
    with_node(&workspace, &newest_node());
    workspace.app_file(
        "package.json",
        r#"{"name":"app","scripts":{"lint":"echo linting"}}"#,
    );
    workspace.platform_env("BP_NODE_RUN_SCRIPTS", "lint");
    workspace.platform_env("NPM_TOKEN", "hunter2");
    workspace.platform_env(
        "NPM_CONFIG_REGISTRY",
        "https://me:hunter2@npm.example.invalid/",
    );
    workspace
}

#[test]
fn debug_shows_the_commands_directory_and_env_with_secrets_masked() {
    let workspace = workspace();
    workspace.platform_env("BP_LOG_LEVEL", "DEBUG");
    let output = workspace.build_ok(PLAN);
    let log = output.log();
    let app = workspace.app_dir.display().to_string();
    for wanted in [
        "    Running `npm run lint`\n    [debug] Working directory: ".to_string() + &app,
        "    [debug] Environment: NPM_TOKEN=***\n".to_string(),
        "    [debug] Environment: NPM_CONFIG_REGISTRY=https://***@npm.example.invalid/\n"
            .to_string(),
        "    [debug] Environment: BP_NODE_RUN_SCRIPTS=lint\n".to_string(),
        "    [debug] Environment: HOME=".to_string(),
        "      linting\n".to_string(),
    ] {
        assert!(log.contains(&wanted), "{wanted:?} in\n{log}");
    }
    assert!(!log.contains("hunter2"), "{log}");
}

#[test]
fn without_debug_the_commands_env_is_not_shown() {
    let workspace = workspace();
    let output = workspace.build_ok(PLAN);
    let log = output.log();
    assert!(log.contains("Running `npm run lint`"), "{log}");
    assert!(!log.contains("[debug]"), "{log}");
    assert!(!log.contains("NPM_TOKEN"), "{log}");
}
