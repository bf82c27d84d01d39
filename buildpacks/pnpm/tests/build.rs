//! Detect and build as the lifecycle runs them, from file:// tarballs of the real pnpm
//! releases: which version a project gets, and its commands.

use integration_tests::direct::{PhaseOutput, Workspace};
use integration_tests::package_managers as managers;
use managers::{inventory, node_bin, plan};
use std::collections::BTreeMap;
use std::process::Command;

fn workspace() -> Workspace {
    integration_tests::workspace!(
        "pnpm",
        BTreeMap::from([(
            "pnpm".to_string(),
            inventory("pnpm", &["9.15.9", "10.34.9"], "10.*"),
        )])
    )
}

fn build(workspace: &Workspace) -> PhaseOutput {
    let output = workspace.build(&plan(&[("pnpm", &[("build", true)])]));
    assert_eq!(output.code, Some(0), "{}", output.log());
    output
}

fn installed_version(workspace: &Workspace, command: &str) -> String {
    let bin = workspace.buildpack_layers().join("pnpm/bin");
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        bin.display(),
        node_bin(None).display()
    );
    let output = Command::new(command)
        .arg("--version")
        .env_clear()
        .env("PATH", path)
        .env("HOME", workspace.root.path())
        .current_dir(workspace.root.path())
        .output()
        .expect("run pnpm");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
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
    let output = build(&workspace);
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
    assert_eq!(installed_version(&workspace, "pnpm"), "10.34.9");
}

#[test]
fn package_manager_and_engines_pick_the_line() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"packageManager":"pnpm@9.1.0"}"#);
    build(&workspace);
    assert_eq!(installed_version(&workspace, "pnpm"), "9.15.9");

    workspace.app_file("package.json", r#"{"engines":{"pnpm":">=10"}}"#);
    let output = build(&workspace);
    assert!(
        output
            .stdout
            .contains("Installing into a new layer: pnpm changed from 9.15.9 to 10.34.9"),
        "{}",
        output.stdout
    );
    assert_eq!(installed_version(&workspace, "pnpm"), "10.34.9");
}
