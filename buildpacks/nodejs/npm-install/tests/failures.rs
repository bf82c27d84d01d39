//! Failures explain themselves, with npm's own output in the log once: a lockfile out of sync with
//! `package.json`, and an install that fails. No half-filled layer is left for the next build.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::direct::Workspace;
use integration_tests::node_artifacts::newest_node;
use integration_tests::support::copy_fixture;
use integration_tests::support::read;
use support::{message_and_detail, modules_plan, stable_log, with_node};

fn workspace() -> Workspace {
    let workspace = integration_tests::workspace!("npm-install");
    with_node(&workspace, &newest_node());
    workspace
}

#[test]
fn a_lockfile_out_of_sync_says_to_run_npm_install() {
    let workspace = workspace();
    copy_fixture("npm-lockfile", &workspace.app_dir);
    let package = workspace.app_dir.join("package.json");
    let added = read(&package).replace(
        "\"ms\": \"2.1.3\"",
        "\"ms\": \"2.1.3\",\n    \"left-pad\": \"1.3.0\"",
    );
    fs_err::write(&package, added).expect("write package.json");

    let output = workspace.build(&modules_plan(true, true));
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        output.stdout.contains("npm error code EUSAGE"),
        "npm's own output is in the log: {}",
        output.stdout
    );
    insta::assert_snapshot!(stable_log(&output.stderr, &workspace));
    let layers = workspace.buildpack_layers();
    assert!(!layers.join("build-modules.toml").exists());
    assert!(!layers.join("build-modules").exists());
}

#[test]
fn a_failing_install_shows_npms_output_and_the_error() {
    let workspace = workspace();
    workspace.app_file(
        "package.json",
        r#"{"name":"app","scripts":{"postinstall":"node -e \"console.error('postinstall broke'); process.exit(3)\""}}"#,
    );
    let output = workspace.build(&modules_plan(false, true));
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        output.stdout.contains("postinstall broke"),
        "{}",
        output.stdout
    );
    let (message, detail) = message_and_detail(&stable_log(&output.stderr, &workspace));
    insta::assert_snapshot!(message);
    // npm's output is in the log once; the error adds the tail of npm's debug log, which
    // lives in the build's private HOME.
    for line in [
        "The last lines of npm's debug log:",
        "error command failed",
        "verbose exit 3",
        "error A complete log of this run can be found in: <private home>/npm-logs/<debug-log>",
    ] {
        assert!(detail.contains(line), "{detail}");
    }
    assert!(!detail.contains("verbose stack"), "{detail}");
    assert!(
        !detail.contains("npm error"),
        "npm's output is not repeated: {detail}"
    );
    assert!(
        !workspace
            .buildpack_layers()
            .join("launch-modules.toml")
            .exists()
    );
}
