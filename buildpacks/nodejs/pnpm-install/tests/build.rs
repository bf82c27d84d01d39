//! Build as the lifecycle runs it, with a real node and pnpm on PATH and packages from the npm
//! registry: the build/launch split with pnpm's symlinked layout, the store, reuse and
//! invalidation, and the errors a user can meet.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::package_managers as managers;
use integration_tests::support::read;
use managers::{add_node, both, copy_fixture, launch_only, manager_bin, stable_log};
use std::path::Path;

fn workspace(pnpm: &str) -> Workspace {
    let workspace = integration_tests::workspace!("pnpm-install");
    copy_fixture(&workspace, "pnpm-app");
    workspace.prepend_path(&manager_bin("pnpm", pnpm));
    add_node(&workspace, None);
    workspace
}

#[test]
fn fills_both_layers_with_the_virtual_store_and_relative_links() {
    let workspace = workspace("10.34.9");
    let output = workspace.build_ok(&both());
    assert!(
        output.stdout.contains("pnpm 10.34.9 on Node.js v"),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("Starting an empty pnpm store"),
        "{}",
        output.stdout
    );

    let (_, launch_modules) = managers::assert_dev_dependencies_only_at_build(&workspace);
    assert_eq!(
        fs_err::read_link(launch_modules.join("ms")).expect("pnpm links packages"),
        Path::new(".pnpm/ms@2.1.3/node_modules/ms"),
        "links stay relative, inside the layer"
    );
    assert!(
        launch_modules
            .join(".pnpm/ms@2.1.3/node_modules/ms/index.js")
            .is_file()
    );
    assert!(!launch_modules.join(".pnpm/is-number@7.0.0").exists());
    assert_eq!(
        fs_err::read_link(workspace.app_dir.join("node_modules")).expect("app link"),
        launch_modules
    );
    managers::assert_cache_filled_and_launch_sbom(&workspace, "pnpm-store");

    managers::assert_app_requires_ms(&workspace);
}

#[test]
fn a_rebuild_reuses_the_layers_until_an_input_changes() {
    let workspace = workspace("10.34.9");
    workspace.build_ok(&launch_only());
    let same = workspace.build_ok(&launch_only());
    assert!(
        same.stdout
            .contains("Reusing the cached layer: package.json, pnpm-lock.yaml, Node.js v"),
        "{}",
        same.stdout
    );
    assert!(
        same.stdout
            .contains("Using the pnpm store from earlier builds")
    );
    assert!(!same.stdout.contains("Running `pnpm"), "{}", same.stdout);

    workspace.app_file("pnpm-workspace.yaml", "packages: []\n");
    let changed = workspace.build_ok(&launch_only());
    assert!(
        changed
            .stdout
            .contains("Installing into a new layer: pnpm-workspace.yaml was added"),
        "{}",
        changed.stdout
    );

    workspace.prepend_path(&manager_bin("pnpm", "9.15.9"));
    let older = workspace.build_ok(&launch_only());
    assert!(
        older
            .stdout
            .contains("Installing into a new layer: pnpm changed from 10.34.9 to 9.15.9"),
        "{}",
        older.stdout
    );
    assert_eq!(managers::launch_packages(&workspace), ["ms"]);
}

#[test]
fn lockfile_out_of_sync() {
    let workspace = workspace("10.34.9");
    let package = read(&workspace.app_dir.join("package.json")).replace("2.1.3", "2.1.2");
    workspace.app_file("package.json", &package);
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.error_head(), &workspace));
    assert!(
        output.stderr.contains("ERR_PNPM_OUTDATED_LOCKFILE"),
        "the detail repeats pnpm's own words: {}",
        output.stderr
    );
    assert!(!workspace.buildpack_layers().join("launch-modules").exists());
}

#[test]
fn a_failing_install_shows_the_tools_output() {
    let workspace = workspace("10.34.9");
    let output = managers::build_with_failing_postinstall(&workspace);
    insta::assert_snapshot!(stable_log(&output.error_head(), &workspace));
}

#[test]
fn without_pnpm_on_path() {
    let workspace = integration_tests::workspace!("pnpm-install");
    insta::assert_snapshot!(managers::error_without_manager_on_path(
        &workspace, "pnpm-app"
    ));
}

#[test]
fn node_env_development_ships_dev_dependencies_in_one_layer_for_the_build_and_launch() {
    let workspace = workspace("10.34.9");
    workspace.platform_env("NODE_ENV", "development");
    let output = workspace.build_ok(&both());
    assert!(
        output.stdout.contains(
            "Installing node_modules for the build and launch (with devDependencies: NODE_ENV=development)"
        ),
        "{}",
        output.stdout
    );
    assert_eq!(output.stdout.matches("Running `pnpm install").count(), 1);
    let layers = workspace.buildpack_layers();
    assert!(!layers.join("build-modules").exists());
    let launch = layers.join("launch-modules/node_modules");
    assert!(launch.join("ms").exists() && launch.join("is-number").exists());
}
