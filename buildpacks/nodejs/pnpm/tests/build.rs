//! Detect and build as the lifecycle runs them, from file:// tarballs of the real pnpm
//! releases: which version a project gets, and its commands.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::package_managers as managers;
use managers::{build_manager, installed_version, inventories};

fn workspace() -> Workspace {
    integration_tests::workspace!("pnpm", inventories("pnpm", &["9.15.9", "10.34.9"], "10.*"))
}

#[test]
fn detect_provides_pnpm_and_needs_node_while_building() {
    let (output, plan) = workspace().detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    let plan = toml::to_string(&plan).expect("toml");
    assert!(plan.contains("[[provides]]\nname = \"pnpm\""), "{plan}");
    assert!(
        plan.contains("name = \"node\"\n\n[requires.metadata]\nbuild = true"),
        "{plan}"
    );
}

#[test]
fn installs_the_default_with_pnpm_and_pnpx() {
    let workspace = workspace();
    let output = build_manager(&workspace, "pnpm");
    assert!(
        output
            .stdout
            .contains("No version requested; using the default \"10.*\""),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("Commands on PATH: pnpm, pnpx"),
        "{}",
        output.stdout
    );
    assert_eq!(installed_version(&workspace, "pnpm", "pnpm"), "10.34.9");
}

#[test]
fn package_manager_and_engines_pick_the_line() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"packageManager":"pnpm@9.1.0"}"#);
    build_manager(&workspace, "pnpm");
    assert_eq!(installed_version(&workspace, "pnpm", "pnpm"), "9.15.9");

    workspace.app_file("package.json", r#"{"engines":{"pnpm":">=10"}}"#);
    let output = build_manager(&workspace, "pnpm");
    assert!(
        output
            .stdout
            .contains("Installing into a new layer: pnpm changed from 9.15.9 to 10.34.9"),
        "{}",
        output.stdout
    );
    assert_eq!(installed_version(&workspace, "pnpm", "pnpm"), "10.34.9");
}
