//! Detect on the Gemfile's passenger line; build sets `passenger start` as the `web` process
//! on `$PORT`, defaulting to Passengerfile.json's port.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

#[test]
fn detects_passenger_and_runs_it_on_port() {
    let workspace = integration_tests::workspace!("passenger");
    workspace.app_file("Gemfile", "gem 'puma'\n");
    assert_eq!(workspace.detect().0.code, Some(100), "no passenger");
    workspace.app_file("Gemfile", "gem \"passenger\", \">= 6\"\n");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(
        Workspace::required(&plan),
        ["gems", "bundler", "mri", "web-process"]
    );

    workspace.build_ok("");
    assert_eq!(
        workspace.default_web_command(),
        "bash -c exec bundle exec passenger start --port ${PORT:-3000}"
    );

    workspace.app_file(
        "Passengerfile.json",
        r#"{"port": 4000, "environment": "production"}"#,
    );
    let output = workspace.build_ok("");
    assert!(
        output
            .log()
            .contains("Default port 4000, from Passengerfile.json"),
        "{}",
        output.log()
    );
    assert_eq!(
        workspace.default_web_command(),
        "bash -c exec bundle exec passenger start --port ${PORT:-4000}"
    );

    workspace.app_file("Passengerfile.json", "{\"port\": ");
    let output = workspace.build("");
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        output.stderr.contains("[passenger/passengerfile]"),
        "{}",
        output.log()
    );
}
