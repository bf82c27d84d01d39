//! npm apps through the real lifecycle, built with the `stowage/nodejs` meta-buildpack as
//! users build them: an app in a subfolder, rebuilds that a lockfile or Node.js change
//! invalidates (and say so), and the errors users see for broken input.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, Build};
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, newest_of, node_test_inventory};

fn npm_app(fixture: &str, mirror: &Mirror) -> App {
    App::new(fixture)
        .buildpacks(&["nodejs"])
        .inventory("node", node_test_inventory(&mirror.url()))
}

fn answers_http(build: &Build) {
    let running = build.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
}

#[test]
fn an_app_in_a_subfolder_builds_with_bp_node_project_path() {
    let mirror = Mirror::start(artifacts_dir());
    let build = npm_app("npm-subfolder", &mirror)
        .env("BP_NODE_PROJECT_PATH", "web")
        .build();
    build.assert_success();
    assert!(
        build
            .phase("builder")
            .contains("Running `npm ci --omit=dev`"),
        "{}",
        build.log()
    );
    answers_http(&build);
}

#[test]
fn a_lockfile_change_or_a_node_change_reinstalls_the_packages_and_says_why() {
    let mirror = Mirror::start(artifacts_dir());
    let (older, newer) = (newest_of("22"), newest_of("24"));
    let mut app = npm_app("npm-lockfile", &mirror).env("BP_NODE_VERSION", &older);
    app.build().assert_success();

    let lockfile = app.app_dir().join("package-lock.json");
    let text = fs_err::read_to_string(&lockfile).expect("read lockfile");
    app.write_file("package-lock.json", &format!("{text}\n"));
    let changed_lockfile = app.build();
    changed_lockfile.assert_success();
    assert!(
        changed_lockfile
            .phase("builder")
            .contains("Installing into a new layer: package-lock.json changed"),
        "{}",
        changed_lockfile.phase("builder")
    );

    app.set_env("BP_NODE_VERSION", &newer);
    let changed_node = app.build();
    changed_node.assert_success();
    assert!(
        changed_node.phase("builder").contains(&format!(
            "Installing into a new layer: Node.js changed from v{older} to v{newer}"
        )),
        "{}",
        changed_node.phase("builder")
    );
    answers_http(&changed_node);
}

#[test]
fn a_broken_package_json_fails_with_the_line_and_column() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = npm_app("npm-lockfile", &mirror);
    app.write_file(
        "package.json",
        "{\n  \"name\": \"broken\",\n  \"dependencies\": {\n}\n",
    );
    let build = app.build();
    build.assert_failure();
    let log = build.log();
    assert!(
        log.contains("[nodejs/invalid-package-json] package.json is not valid JSON"),
        "{log}"
    );
    assert!(log.contains("line 5, column 0"), "{log}");
}

/// The meta-buildpack has node-engine in each of its four groups: the error is printed once,
/// by the build, not once per group by detect; and the build stops with it.
#[test]
fn a_trailing_comma_in_package_json_is_reported_once_and_stops_the_build() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = npm_app("npm-lockfile", &mirror);
    app.write_file(
        "package.json",
        "{\n  \"name\": \"broken\",\n  \"dependencies\": {\"ms\": \"2.1.3\"},\n}\n",
    );
    let build = app.build();
    build.assert_failure();
    let log = build.log();
    let error = "[nodejs/invalid-package-json] package.json is not valid JSON";
    assert_eq!(log.matches(error).count(), 1, "{log}");
    assert!(build.phase("builder").contains(error), "{log}");
    assert!(log.contains("line 4, column 1"), "{log}");
}

#[test]
fn a_lockfile_out_of_sync_fails_and_says_to_update_it() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = npm_app("npm-lockfile", &mirror);
    let package_json = fs_err::read_to_string(app.app_dir().join("package.json")).expect("read");
    app.write_file(
        "package.json",
        &package_json.replace(
            "\"ms\": \"2.1.3\"",
            "\"ms\": \"2.1.3\",\n    \"is-odd\": \"3.0.1\"",
        ),
    );
    let build = app.build();
    build.assert_failure();
    let builder = build.phase("builder");
    assert!(
        builder.contains("[npm-install/lockfile-out-of-sync]"),
        "{builder}"
    );
    assert!(
        builder.contains("npm install"),
        "says what to run: {builder}"
    );
    assert!(builder.contains("is-odd"), "names the package: {builder}");
    // npm's cause is shown once, without the usage text npm prints after it.
    assert!(!builder.contains("Usage:"), "{builder}");
    assert!(
        builder.contains("lines left out: npm's usage text)"),
        "{builder}"
    );
    assert_eq!(builder.matches("code EUSAGE").count(), 1, "{builder}");
    // The error names the packages first, then what to do.
    let error = &builder[builder.find("! ERROR").expect("an error")..];
    let found = error.find("Missing: is-odd@3.0.1").expect("the package");
    let advice = error.find("`npm ci` installs exactly").expect("the advice");
    assert!(found < advice, "{error}");
}

#[test]
fn a_failing_install_fails_with_npms_own_output() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = npm_app("npm-no-lockfile", &mirror);
    let package_json = fs_err::read_to_string(app.app_dir().join("package.json")).expect("read");
    app.write_file(
        "package.json",
        &package_json.replace(
            "\"ms\": \"2.1.3\"",
            "\"stowage-no-such-package-for-tests\": \"1.0.0\"",
        ),
    );
    let build = app.build();
    build.assert_failure();
    let builder = build.phase("builder");
    assert!(
        builder.contains("[npm-install/install-failed]"),
        "{builder}"
    );
    assert!(
        builder.contains("E404"),
        "npm's own output is shown: {builder}"
    );
}

#[test]
fn an_app_without_a_lockfile_rebuilds_from_cache_and_gets_no_lockfile() {
    let mirror = Mirror::start(artifacts_dir());
    // A build script, so npm installs twice: for the build, then for launch.
    let mut app = npm_app("npm-no-lockfile", &mirror).env("BP_NODE_RUN_SCRIPTS", "build");
    let package_json = fs_err::read_to_string(app.app_dir().join("package.json")).expect("read");
    app.write_file(
        "package.json",
        &package_json.replace(
            "\"start\": \"node server.js\"",
            "\"build\": \"node -e \\\"require('is-number')\\\"\",\n    \"start\": \"node server.js\"",
        ),
    );
    app.build().assert_success();
    assert!(
        !app.app_dir().join("package-lock.json").exists(),
        "the app keeps the files the user gave it"
    );

    let again = app.build();
    again.assert_success();
    again.assert_modules_layers_reused(
        "package.json, Node.js v",
        "npm install",
        "stowage/npm-install",
    );
    assert!(!again.image().exists("workspace/package-lock.json"));
    answers_http(&again);
}
