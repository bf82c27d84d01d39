//! What a platform says after the lifecycle about apps the Node.js meta-buildpack cannot make
//! a working image of: an app no group detects, and an image without a default process.
//! `scripts/build-app` prints these messages (`stowage-dev explain ...`) from the exit code and
//! the layers these builds leave, the same phases run.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};
use stowage_dev::build_messages::{NO_GROUP_DETECTED, no_default_process, no_group_detected};

/// The builder's order: one entry, the Node.js meta-buildpack.
fn builder_buildpacks() -> Vec<String> {
    vec!["stowage/nodejs".to_string()]
}

fn node_app(mirror: &Mirror) -> App {
    let app = App::new("node-server")
        .buildpacks(&["nodejs"])
        .inventory("node", node_test_inventory(&mirror.url()));
    fs_err::remove_file(app.app_dir().join("server.js")).expect("remove server.js");
    app
}

#[test]
fn an_empty_app_ends_detection_with_the_code_that_names_the_files_to_add() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = node_app(&mirror);
    let build = app.build();
    build.assert_failure();
    let detector = build.phase("detector");
    assert!(
        detector.contains("No buildpack groups passed detection"),
        "{detector}"
    );
    assert!(
        build
            .log()
            .contains(&format!("--- detector (exit Some({NO_GROUP_DETECTED}))")),
        "build-app explains this exit code: {}",
        build.log()
    );
    let message = no_group_detected(&builder_buildpacks());
    assert!(message.contains("[build/no-group-detected]"), "{message}");
    assert!(message.contains("package.json"), "{message}");
    assert!(message.contains("server.js"), "{message}");
}

#[test]
fn an_app_without_a_start_command_builds_with_a_warning_about_the_default_process() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = node_app(&mirror);
    app.write_file(
        "package.json",
        r#"{"name": "no-start", "version": "1.0.0"}"#,
    );
    let build = app.build();
    build.assert_success();
    assert!(
        build.phase("exporter").contains("no default process type"),
        "{}",
        build.log()
    );
    let warning = no_default_process(&build.layers_dir(), &builder_buildpacks())
        .expect("the layers hold config/metadata.toml")
        .expect("a warning");
    assert!(warning.contains("[build/no-default-process]"), "{warning}");
    assert!(warning.contains("`start` script"), "{warning}");
}

#[test]
fn an_app_with_a_start_script_has_a_default_process_and_no_warning() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = node_app(&mirror);
    app.write_file(
        "package.json",
        r#"{"name": "with-start", "version": "1.0.0", "scripts": {"start": "node -e 1"}}"#,
    );
    let build = app.build();
    build.assert_success();
    assert_eq!(
        no_default_process(&build.layers_dir(), &builder_buildpacks()).expect("read"),
        None,
        "{}",
        build.log()
    );
}
