//! Detect and build as the lifecycle runs them, from file:// tarballs of the real Yarn
//! releases: which version a project gets, the layer, its commands, reuse, and errors.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::package_managers as managers;
use managers::{build_manager, installed_version, inventories, node_bin, plan, stable_log};
use std::path::Path;
use std::process::Command;

fn workspace() -> Workspace {
    integration_tests::workspace!("yarn", inventories("yarn", &["1.22.22", "4.18.1"], "1.*"))
}

#[test]
fn detect_provides_yarn_and_needs_node_while_building() {
    let (output, plan) = workspace().detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(toml::to_string(&plan).expect("toml"));
}

#[test]
fn installs_yarn_1_by_default_with_its_commands_on_path() {
    let workspace = workspace();
    workspace.app_file("package.json", "{}");
    let output = build_manager(&workspace, "yarn");
    insta::assert_snapshot!(stable_log(&output.stdout, &workspace));
    assert_eq!(installed_version(&workspace, "yarn", "yarn"), "1.22.22");
    let layers = workspace.buildpack_layers();
    assert_eq!(
        fs_err::read_link(layers.join("yarn/bin/yarnpkg")).expect("link"),
        Path::new("../bin/yarn.js")
    );
    let layer: toml::Table = fs_err::read_to_string(layers.join("yarn.toml"))
        .expect("yarn.toml")
        .parse()
        .expect("toml");
    assert_eq!(layer["types"]["build"].as_bool(), Some(true));
    assert_eq!(layer["types"]["launch"].as_bool(), Some(false));
    assert!(layers.join("yarn.sbom.cdx.json").is_file());

    let again = build_manager(&workspace, "yarn");
    assert!(
        again
            .stdout
            .contains("Reusing the cached layer: yarn 1.22.22 with checksum sha256:"),
        "{}",
        again.stdout
    );
    assert_eq!(installed_version(&workspace, "yarn", "yarn"), "1.22.22");
}

#[test]
fn package_manager_picks_the_line_of_the_pinned_release() {
    let workspace = workspace();
    workspace.app_file(
        "package.json",
        r#"{"packageManager":"yarn@4.5.0+sha512.0123"}"#,
    );
    let output = build_manager(&workspace, "yarn");
    let log = &output.stdout;
    assert!(
        log.contains("Requested \"4.x\" (from package.json packageManager)"),
        "{log}"
    );
    assert!(
        log.contains(
            "package.json packageManager pins 4.5.0; this buildpack carries 4.18.1, the newest 4.x, which runs in its place"
        ),
        "{log}"
    );
    assert_eq!(installed_version(&workspace, "yarn", "yarn"), "4.18.1");
}

#[test]
fn a_yarn_2_lockfile_asks_for_yarn_4() {
    let workspace = workspace();
    workspace.app_file("package.json", "{}");
    workspace.app_file("yarn.lock", "__metadata:\n  version: 8\n  cacheKey: 10c0\n");
    let output = build_manager(&workspace, "yarn");
    assert!(
        output
            .stdout
            .contains("Requested \"4.x\" (from yarn.lock, a Yarn 2+ lockfile)"),
        "{}",
        output.stdout
    );
    assert_eq!(installed_version(&workspace, "yarn", "yarn"), "4.18.1");
}

#[test]
fn a_committed_release_gets_the_default_yarn_which_hands_over() {
    let workspace = workspace();
    managers::copy_fixture(&workspace, "yarn-berry");
    managers::commit_yarn_release(&workspace.app_dir, managers::COMMITTED_BERRY);
    let output = build_manager(&workspace, "yarn");
    assert!(
        output.stdout.contains(
            "The project brings its own Yarn: .yarn/releases/yarn-4.5.0.cjs (yarnPath in .yarnrc.yml)"
        ),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("Selected Yarn 1.22.22"),
        "{}",
        output.stdout
    );
    // Yarn 1 hands over to the release when run in the project.
    let bin = workspace.buildpack_layers().join("yarn/bin");
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        bin.display(),
        node_bin(None).display()
    );
    let version = Command::new("yarn")
        .arg("--version")
        .env_clear()
        .env("PATH", path)
        .env("HOME", workspace.root.path())
        .current_dir(&workspace.app_dir)
        .output()
        .expect("run yarn");
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), "4.5.0");
}

#[test]
fn the_layer_is_in_the_image_when_asked_for_at_launch() {
    let workspace = workspace();
    let output = workspace.build(&plan(&[
        ("yarn", &[("build", true)]),
        ("yarn", &[("launch", true)]),
    ]));
    assert_eq!(output.code, Some(0), "{}", output.log());
    let layer: toml::Table = fs_err::read_to_string(workspace.buildpack_layers().join("yarn.toml"))
        .expect("yarn.toml")
        .parse()
        .expect("toml");
    assert_eq!(layer["types"]["launch"].as_bool(), Some(true));
}

#[test]
fn an_unavailable_version_lists_what_is_carried() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"engines":{"yarn":"^3.6"}}"#);
    let output = workspace.build(&plan(&[("yarn", &[("build", true)])]));
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(output.stderr);
}

#[test]
fn a_malformed_package_manager_is_explained() {
    let workspace = workspace();
    workspace.app_file("package.json", r#"{"packageManager":"yarn"}"#);
    let output = workspace.build(&plan(&[("yarn", &[("build", true)])]));
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(output.stderr);
}
