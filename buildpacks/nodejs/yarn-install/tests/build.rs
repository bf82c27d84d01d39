//! Build as the lifecycle runs it, with a real node and Yarn on PATH and packages from the npm
//! registry: Yarn 1 and Yarn 2+ installs, the build/launch split, the cache, reuse and
//! invalidation, and the errors a user can meet.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::package_managers as managers;
use integration_tests::support::{names_in, read};
use managers::{
    COMMITTED_BERRY, add_node, both, copy_fixture, launch_only, manager_bin, packages, plan,
    stable_log,
};
use std::path::PathBuf;

const CARRIED_BERRY: &str = "4.18.1";

fn workspace(fixture: &str, yarn: &str) -> Workspace {
    let workspace = integration_tests::workspace!("yarn-install");
    copy_fixture(&workspace, fixture);
    workspace.prepend_path(&manager_bin("yarn", yarn));
    add_node(&workspace, None);
    workspace
}

fn app_link(workspace: &Workspace) -> PathBuf {
    fs_err::read_link(workspace.app_dir.join("node_modules")).expect("node_modules is a symlink")
}

fn newest_node() -> String {
    integration_tests::node_artifacts::node_versions()
        .last()
        .expect("a node artifact")
        .clone()
}

#[test]
fn yarn_1_fills_a_build_and_a_launch_layer() {
    let workspace = workspace("yarn-classic", "1.22.22");
    let output = workspace.build_ok(&both());
    let log = &output.stdout;
    assert!(
        log.contains("Yarn 1.22.22 (from the yarn buildpack)"),
        "{log}"
    );
    assert!(
        log.contains("Running `yarn install --frozen-lockfile --production=false"),
        "{log}"
    );
    assert!(log.contains("Starting an empty Yarn 1 cache"), "{log}");

    let layers = workspace.buildpack_layers();
    let (build_modules, launch_modules) =
        managers::assert_dev_dependencies_only_at_build(&workspace);
    assert_eq!(app_link(&workspace), launch_modules);

    let build_toml: toml::Table = read(&layers.join("build-modules.toml"))
        .parse()
        .expect("toml");
    assert_eq!(build_toml["types"]["build"].as_bool(), Some(true));
    assert_eq!(build_toml["types"]["launch"].as_bool(), Some(false));
    assert_eq!(
        read(&layers.join("build-modules/env.build/STOWAGE_BUILD_NODE_MODULES.override")),
        build_modules.display().to_string()
    );
    let launch_toml: toml::Table = read(&layers.join("launch-modules.toml"))
        .parse()
        .expect("toml");
    assert_eq!(launch_toml["types"]["launch"].as_bool(), Some(true));
    assert_eq!(launch_toml["types"]["cache"].as_bool(), Some(true));
    let cache_toml: toml::Table = read(&layers.join("yarn-cache.toml")).parse().expect("toml");
    assert_eq!(cache_toml["types"]["launch"].as_bool(), Some(false));
    assert_eq!(cache_toml["types"]["cache"].as_bool(), Some(true));
    managers::assert_cache_filled_and_launch_sbom(&workspace, "yarn-cache");

    managers::assert_app_requires_ms(&workspace);
}

#[test]
fn a_rebuild_reuses_the_layers_until_an_input_changes() {
    let workspace = workspace("yarn-classic", "1.22.22");
    workspace.build_ok(&both());
    let marker = workspace
        .buildpack_layers()
        .join("launch-modules/node_modules/marker");
    fs_err::write(&marker, "first build").expect("marker");

    let same = workspace.build_ok(&both());
    assert!(
        same.stdout.contains(&format!(
            "Reusing the cached layer: package.json, yarn.lock, Node.js v{} and Yarn 1.22.22 are unchanged",
            newest_node()
        )),
        "{}",
        same.stdout
    );
    assert!(!same.stdout.contains("Running `yarn"), "{}", same.stdout);
    assert!(
        same.stdout
            .contains("Using the Yarn 1 cache from earlier builds")
    );
    assert!(marker.exists());

    let lock = workspace.app_dir.join("yarn.lock");
    fs_err::write(&lock, format!("{}\n", read(&lock))).expect("touch yarn.lock");
    let changed = workspace.build_ok(&both());
    assert!(
        changed
            .stdout
            .contains("Installing into a new layer: yarn.lock changed"),
        "{}",
        changed.stdout
    );
    assert!(!marker.exists());
}

#[test]
fn a_new_node_version_reinstalls() {
    let versions = integration_tests::node_artifacts::node_versions();
    let [.., older, newer] = versions.as_slice() else {
        panic!("two Node.js versions in the test artifacts: {versions:?}");
    };
    let workspace = workspace("yarn-classic", "1.22.22");
    add_node(&workspace, Some(older));
    workspace.build_ok(&launch_only());
    add_node(&workspace, Some(newer));
    let output = workspace.build_ok(&launch_only());
    assert!(
        output.stdout.contains(&format!(
            "Installing into a new layer: Node.js changed from v{older} to v{newer}"
        )),
        "{}",
        output.stdout
    );
}

#[test]
fn only_launch_when_nothing_says_when() {
    let workspace = workspace("yarn-classic", "1.22.22");
    let output = workspace.build_ok(&plan(&[("node_modules", &[])]));
    assert!(
        output
            .stdout
            .contains("No buildpack said when node_modules is needed: installing it for launch"),
        "{}",
        output.stdout
    );
    let layers = workspace.buildpack_layers();
    assert!(!layers.join("build-modules").exists());
    assert_eq!(
        packages(&layers.join("launch-modules/node_modules")),
        ["ms"]
    );
}

#[test]
fn yarn_4_runs_the_committed_release_with_the_node_modules_linker() {
    let workspace = workspace("yarn-berry", "1.22.22");
    managers::commit_yarn_release(&workspace.app_dir, COMMITTED_BERRY);
    let output = workspace.build_ok(&both());
    let log = &output.stdout;
    assert!(
        log.contains(&format!(
            "Yarn {COMMITTED_BERRY} (the app's release .yarn/releases/yarn-{COMMITTED_BERRY}.cjs)"
        )),
        "{log}"
    );
    assert!(
        log.contains("Linker: node-modules (the project sets no nodeLinker)"),
        "{log}"
    );
    assert!(log.contains("workspaces focus --all --production"), "{log}");

    let layers = workspace.buildpack_layers();
    assert_eq!(
        packages(&layers.join("build-modules/node_modules")),
        ["is-number", "ms"]
    );
    assert_eq!(
        packages(&layers.join("launch-modules/node_modules")),
        ["ms"]
    );
    assert!(layers.join("launch-modules/install-state.gz").is_file());
    assert!(
        fs_err::read_dir(layers.join("yarn-cache"))
            .expect("cache")
            .next()
            .is_some(),
        "Yarn's global cache is in the cache layer"
    );
    assert_eq!(
        names_in(&workspace.app_dir.join(".yarn")),
        ["releases"],
        "nothing else is written into the app"
    );

    let again = workspace.build_ok(&both());
    assert!(
        again.stdout.contains(&format!(
            ".yarnrc.yml, package.json, yarn.lock, Node.js v{} and Yarn {COMMITTED_BERRY} are unchanged",
            newest_node()
        )),
        "{}",
        again.stdout
    );
}

#[test]
fn yarn_4_from_the_yarn_buildpack_installs_a_lockfile_it_wrote() {
    let workspace = workspace("yarn-berry", CARRIED_BERRY);
    let package = read(&workspace.app_dir.join("package.json")).replace(
        &format!("yarn@{COMMITTED_BERRY}"),
        &format!("yarn@{CARRIED_BERRY}"),
    );
    workspace.app_file("package.json", &package);
    fs_err::remove_file(workspace.app_dir.join(".yarnrc.yml")).expect("no yarnPath");
    // The lockfile as this Yarn writes it (format 10).
    let lock = read(&workspace.app_dir.join("yarn.lock")).replace("version: 8", "version: 10");
    workspace.app_file("yarn.lock", &lock);
    let output = workspace.build_ok(&launch_only());
    assert!(
        output
            .stdout
            .contains(&format!("Yarn {CARRIED_BERRY} (from the yarn buildpack)")),
        "{}",
        output.stdout
    );
    assert_eq!(managers::launch_packages(&workspace), ["ms"]);
}

#[test]
fn a_lockfile_from_another_yarn_4_release_asks_to_commit_it() {
    let workspace = workspace("yarn-berry", CARRIED_BERRY);
    fs_err::remove_file(workspace.app_dir.join(".yarnrc.yml")).expect("no yarnPath");
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    assert!(
        output
            .stderr
            .contains("[yarn-install/lockfile-out-of-sync]"),
        "{}",
        output.log()
    );
    insta::assert_snapshot!(stable_log(&output.error_head(), &workspace));
    assert!(!workspace.buildpack_layers().join("launch-modules").exists());
}

#[test]
fn yarn_1_lockfile_out_of_sync() {
    let workspace = workspace("yarn-classic", "1.22.22");
    let package = read(&workspace.app_dir.join("package.json")).replace("2.1.3", "2.1.2");
    workspace.app_file("package.json", &package);
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.error_head(), &workspace));
    assert!(
        output
            .error_detail()
            .contains("error Your lockfile needs to be updated"),
        "the detail repeats Yarn's own words: {}",
        output.stderr
    );
    let layers = workspace.buildpack_layers();
    assert!(!layers.join("launch-modules").exists());
    assert!(!layers.join("launch-modules.toml").exists());
}

#[test]
fn a_failing_install_shows_the_tools_output() {
    let workspace = workspace("yarn-classic", "1.22.22");
    let output = managers::build_with_failing_postinstall(&workspace);
    insta::assert_snapshot!(stable_log(&output.error_head(), &workspace));
    assert!(
        output
            .error_detail()
            .contains("error Command failed with exit code 3."),
        "{}",
        output.stderr
    );
}

#[test]
fn a_yarn_2_lockfile_with_yarn_1_is_explained() {
    let workspace = workspace("yarn-berry", "1.22.22");
    fs_err::remove_file(workspace.app_dir.join(".yarnrc.yml")).expect("no yarnPath");
    let package = read(&workspace.app_dir.join("package.json")).replace(
        &format!(",\n  \"packageManager\": \"yarn@{COMMITTED_BERRY}\""),
        "",
    );
    workspace.app_file("package.json", &package);
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.stderr, &workspace));
}

#[test]
fn plug_n_play_is_refused_clearly() {
    let workspace = workspace("yarn-berry", "1.22.22");
    managers::commit_yarn_release(&workspace.app_dir, COMMITTED_BERRY);
    let rc = read(&workspace.app_dir.join(".yarnrc.yml"));
    workspace.app_file(".yarnrc.yml", &format!("{rc}nodeLinker: pnp\n"));
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.stderr, &workspace));
}

#[test]
fn a_missing_release_is_explained() {
    let workspace = workspace("yarn-berry", "1.22.22");
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.stderr, &workspace));
}

#[test]
fn without_yarn_on_path() {
    let workspace = integration_tests::workspace!("yarn-install");
    insta::assert_snapshot!(managers::error_without_manager_on_path(
        &workspace,
        "yarn-classic"
    ));
}

#[test]
fn node_env_development_ships_dev_dependencies() {
    let workspace = workspace("yarn-classic", "1.22.22");
    workspace.platform_env("NODE_ENV", "development");
    let output = workspace.build_ok(&launch_only());
    let log = &output.stdout;
    assert!(
        log.contains(
            "Installing node_modules for launch (with devDependencies: NODE_ENV=development)"
        ),
        "{log}"
    );
    assert!(log.contains("--production=false"), "{log}");
    assert_eq!(
        packages(
            &workspace
                .buildpack_layers()
                .join("launch-modules/node_modules")
        ),
        ["is-number", "ms"]
    );
}
