//! Build as the lifecycle runs it, with a real node and npm and the npm registry: which npm
//! command runs, the build, launch and cache layers, the app's symlink, SBOMs, workspaces,
//! a project in a subfolder and the npmrc binding.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::direct::Workspace;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::newest_node;
use integration_tests::support::copy_fixture;
use integration_tests::support::read;
use std::path::Path;
use support::{modules_plan, node, stable_log, with_node};

fn workspace() -> Workspace {
    let workspace = integration_tests::workspace!("npm-install");
    with_node(&workspace, &newest_node());
    workspace
}

fn layer_types(workspace: &Workspace, layer: &str) -> toml::Value {
    let path = workspace.buildpack_layers().join(format!("{layer}.toml"));
    read(&path).parse::<toml::Table>().expect("layer toml")["types"].clone()
}

fn sbom_names(path: &Path) -> Vec<String> {
    let document: serde_json::Value = serde_json::from_str(&read(path)).expect("sbom json");
    document["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|component| {
            format!(
                "{} {}",
                component["name"].as_str().expect("name"),
                component["purl"].as_str().expect("purl")
            )
        })
        .collect()
}

#[test]
fn npm_ci_fills_a_build_and_a_launch_layer_and_links_the_launch_one() {
    let workspace = workspace();
    copy_fixture("npm-lockfile", &workspace.app_dir);
    let output = workspace.build(&modules_plan(true, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(stable_log(&output.log(), &workspace));

    let layers = workspace.buildpack_layers();
    let build = layers.join("build-modules/node_modules");
    let launch = layers.join("launch-modules/node_modules");
    assert!(build.join("ms").is_dir() && build.join("is-number").is_dir());
    assert!(launch.join("ms").is_dir());
    assert!(
        !launch.join("is-number").exists(),
        "devDependencies stay out of the image"
    );
    assert_eq!(
        fs_err::read_link(workspace.app_dir.join("node_modules")).expect("a symlink"),
        launch,
        "the app exports a link to the launch layer"
    );

    assert_eq!(
        layer_types(&workspace, "build-modules"),
        toml::Value::Table(
            "build = true\nlaunch = false\ncache = true"
                .parse()
                .expect("toml")
        )
    );
    assert_eq!(
        layer_types(&workspace, "launch-modules"),
        toml::Value::Table(
            "build = false\nlaunch = true\ncache = true"
                .parse()
                .expect("toml")
        )
    );
    assert_eq!(
        layer_types(&workspace, "npm-cache"),
        toml::Value::Table(
            "build = false\nlaunch = false\ncache = true"
                .parse()
                .expect("toml")
        )
    );
    assert!(layers.join("npm-cache/_cacache").is_dir(), "npm's cache");

    // Each layer's commands on PATH where the layer is used.
    assert_eq!(
        read(&layers.join("build-modules/env/PATH.prepend")),
        build.join(".bin").display().to_string()
    );
    assert_eq!(read(&layers.join("build-modules/env/PATH.delim")), ":");
    assert_eq!(
        read(&layers.join("launch-modules/env/PATH.prepend")),
        launch.join(".bin").display().to_string()
    );
    // Build steps that need devDependencies find them here.
    assert_eq!(
        read(&layers.join("build-modules/env.build/STOWAGE_BUILD_NODE_MODULES.override")),
        build.display().to_string()
    );
    assert!(!layers.join("launch-modules/env.build").exists());

    let metadata: toml::Table = read(&layers.join("launch-modules.toml"))
        .parse()
        .expect("toml");
    assert_eq!(
        metadata["metadata"]["command"].as_str(),
        Some("npm ci --omit=dev")
    );
    assert_eq!(
        metadata["metadata"]["versions"]["Node.js"].as_str(),
        Some(format!("v{}", newest_node()).as_str())
    );
    assert!(
        metadata["metadata"]["files"]["package-lock.json"]
            .as_str()
            .is_some_and(|digest| digest.len() == 64),
        "{metadata}"
    );

    assert_eq!(
        sbom_names(&layers.join("launch-modules.sbom.cdx.json")),
        ["ms pkg:npm/ms@2.1.3"]
    );
    assert_eq!(
        sbom_names(&layers.join("build-modules.sbom.cdx.json")),
        ["is-number pkg:npm/is-number@7.0.0", "ms pkg:npm/ms@2.1.3"]
    );

    // The app finds its dependency through the link.
    assert_eq!(
        node(
            &newest_node(),
            &workspace.app_dir,
            &["-e", "console.log(require('ms')(60000))"]
        ),
        "1m"
    );
}

#[test]
fn npm_install_without_a_lockfile_for_launch_only() {
    let workspace = workspace();
    copy_fixture("npm-no-lockfile", &workspace.app_dir);
    workspace.platform_env("BP_DISABLE_SBOM", "true");
    let output = workspace.build(&modules_plan(false, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stdout
            .contains("Using `npm install`: the app has no package-lock.json"),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("Running `npm install --no-package-lock --omit=dev`"),
        "{}",
        output.stdout
    );
    assert!(
        !workspace.app_dir.join("package-lock.json").exists(),
        "the app keeps the files the user gave it"
    );
    let layers = workspace.buildpack_layers();
    assert!(
        !layers.join("build-modules").exists(),
        "no build layer asked for"
    );
    assert!(layers.join("launch-modules/node_modules/ms").is_dir());
    assert!(
        !layers
            .join("launch-modules/node_modules/is-number")
            .exists()
    );
    assert!(!layers.join("launch-modules.sbom.cdx.json").exists());
    assert_eq!(
        fs_err::read_link(workspace.app_dir.join("node_modules")).expect("a symlink"),
        layers.join("launch-modules/node_modules")
    );
}

#[test]
fn node_env_development_ships_dev_dependencies_in_one_layer_for_the_build_and_launch() {
    let workspace = workspace();
    copy_fixture("npm-lockfile", &workspace.app_dir);
    workspace.platform_env("NODE_ENV", "development");
    workspace.platform_env("BP_DISABLE_SBOM", "true");
    let output = workspace.build(&modules_plan(true, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains(
            "Installing node_modules for the build and launch (with devDependencies: NODE_ENV=development)"
        ),
        "{}",
        output.stdout
    );
    assert_eq!(output.stdout.matches("Running `npm ci").count(), 1);
    let layers = workspace.buildpack_layers();
    let launch = layers.join("launch-modules/node_modules");
    assert!(launch.join("ms").is_dir() && launch.join("is-number").is_dir());
    assert_eq!(
        layer_types(&workspace, "launch-modules"),
        toml::Value::Table(
            "build = true\nlaunch = true\ncache = true"
                .parse()
                .expect("toml")
        )
    );
    assert_eq!(
        read(&layers.join("launch-modules/env.build/STOWAGE_BUILD_NODE_MODULES.override")),
        launch.display().to_string()
    );

    // Back to node-engine's production: the image's packages lose the devDependencies and
    // the shared layer's build role moves to a build layer of its own.
    workspace.clear_platform_env("NODE_ENV");
    let output = workspace.build(&modules_plan(true, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains(
            "Installing into a new layer: the command changed from `npm ci --include=dev` to `npm ci --omit=dev`"
        ),
        "{}",
        output.stdout
    );
    assert!(launch.join("ms").is_dir() && !launch.join("is-number").exists());
    assert!(!layers.join("launch-modules/env.build").exists());
    assert!(layers.join("build-modules/node_modules/is-number").is_dir());

    // Development again: the build layer is no longer needed and goes.
    workspace.platform_env("NODE_ENV", "development");
    let output = workspace.build(&modules_plan(true, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(!layers.join("build-modules").exists());
    assert!(!layers.join("build-modules.toml").exists());
    assert!(launch.join("is-number").is_dir());
}

#[test]
fn npm_rebuild_for_a_vendored_node_modules() {
    let workspace = workspace();
    copy_fixture("npm-vendored", &workspace.app_dir);
    let output = workspace.build(&modules_plan(true, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stdout
            .contains("Using `npm rebuild`: the app ships its own node_modules"),
        "{}",
        output.stdout
    );
    assert_eq!(
        output.stdout.matches("Running `npm rebuild`").count(),
        2,
        "each layer starts from the app's own files: {}",
        output.stdout
    );
    let layers = workspace.buildpack_layers();
    for layer in ["build-modules", "launch-modules"] {
        assert!(
            layers
                .join(layer)
                .join("node_modules/local-greeting/index.js")
                .is_file(),
            "{layer}"
        );
    }
    assert_eq!(
        sbom_names(&layers.join("launch-modules.sbom.cdx.json")),
        ["local-greeting pkg:npm/local-greeting@1.0.0"]
    );
    assert_eq!(
        node(
            &newest_node(),
            &workspace.app_dir,
            &["-e", "console.log(require('local-greeting')())"]
        ),
        "hello from a vendored package"
    );
}

#[test]
fn npm_workspaces_install_at_the_root_and_link_back_into_the_app() {
    let workspace = workspace();
    copy_fixture("npm-workspaces", &workspace.app_dir);
    let output = workspace.build(&modules_plan(false, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    let modules = workspace
        .buildpack_layers()
        .join("launch-modules/node_modules");
    assert_eq!(
        fs_err::read_link(modules.join("@demo/greeting")).expect("workspace link"),
        workspace.app_dir.join("packages/greeting"),
        "a workspace link out of the layer points at the app"
    );
    assert_eq!(
        node(
            &newest_node(),
            &workspace.app_dir.join("packages/server"),
            &["-e", "console.log(require('@demo/greeting')())"]
        ),
        "hello from a workspace; one minute is 1m"
    );
    assert_eq!(
        sbom_names(
            &workspace
                .buildpack_layers()
                .join("launch-modules.sbom.cdx.json")
        ),
        ["ms pkg:npm/ms@2.1.3"],
        "workspace packages are the app's own code"
    );
}

#[test]
fn a_project_in_a_subfolder() {
    let workspace = workspace();
    copy_fixture("npm-lockfile", &workspace.app_dir.join("web"));
    workspace.platform_env("BP_NODE_PROJECT_PATH", "web");
    let output = workspace.build(&modules_plan(false, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(
        fs_err::read_link(workspace.app_dir.join("web/node_modules")).expect("a symlink"),
        workspace
            .buildpack_layers()
            .join("launch-modules/node_modules")
    );
    assert!(!workspace.app_dir.join("node_modules").exists());
}

/// A one-package registry on 127.0.0.1: the package's metadata and its tarball.
fn local_registry(root: &Path, url: &str) {
    let package = root.join("build/package");
    fs_err::create_dir_all(&package).expect("mkdir");
    fs_err::write(
        package.join("package.json"),
        r#"{"name":"stowage-local-greeting","version":"1.0.0","main":"index.js","license":"MIT"}"#,
    )
    .expect("write");
    fs_err::write(
        package.join("index.js"),
        "module.exports = 'from the registry in the npmrc binding';",
    )
    .expect("write");
    fs_err::create_dir_all(root.join("tarballs")).expect("mkdir");
    let status = std::process::Command::new("tar")
        .arg("-czf")
        .arg(root.join("tarballs/stowage-local-greeting-1.0.0.tgz"))
        .arg("-C")
        .arg(root.join("build"))
        .arg("package")
        .status()
        .expect("tar");
    assert!(status.success());
    fs_err::write(
        root.join("stowage-local-greeting"),
        format!(
            r#"{{"name":"stowage-local-greeting","dist-tags":{{"latest":"1.0.0"}},"versions":{{"1.0.0":{{"name":"stowage-local-greeting","version":"1.0.0","dist":{{"tarball":"{url}/tarballs/stowage-local-greeting-1.0.0.tgz"}}}}}}}}"#
        ),
    )
    .expect("write metadata");
}

#[test]
fn an_npmrc_binding_is_npms_global_config() {
    let registry = tempfile::tempdir().expect("temp dir");
    let mirror = Mirror::start(registry.path());
    local_registry(registry.path(), &mirror.url());

    let workspace = workspace();
    workspace.app_file(
        "package.json",
        r#"{"name":"app","dependencies":{"stowage-local-greeting":"1.0.0"}}"#,
    );
    workspace.binding(
        "corporate-registry",
        "npmrc",
        &[(".npmrc", &format!("registry={}/\n", mirror.url()))],
    );
    let output = workspace.build(&modules_plan(false, true));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains(
            "npm config: the `corporate-registry` binding's .npmrc (NPM_CONFIG_GLOBALCONFIG)"
        ),
        "{}",
        output.stdout
    );
    let paths = mirror.requested_paths();
    assert!(
        paths.contains(&"/stowage-local-greeting".to_string())
            && paths.contains(&"/tarballs/stowage-local-greeting-1.0.0.tgz".to_string()),
        "npm used the binding's registry: {paths:?}"
    );
    assert_eq!(
        node(
            &newest_node(),
            &workspace.app_dir,
            &["-e", "console.log(require('stowage-local-greeting'))"]
        ),
        "from the registry in the npmrc binding"
    );
}
