//! `BP_LOG_LEVEL` works in a buildpack that downloads and runs nothing: DEBUG adds its debug
//! lines, an unknown level fails the build naming the variable.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

#[test]
fn debug_adds_debug_lines_and_an_unknown_level_fails() {
    let workspace = integration_tests::workspace!("procfile");
    workspace.app_file("Procfile", "web: ./server\n");

    let quiet = workspace.build_ok("");
    assert!(!quiet.log().contains("[debug]"), "{}", quiet.log());

    workspace.platform_env("BP_LOG_LEVEL", "debug");
    let debug = workspace.build_ok("");
    assert!(
        debug
            .stdout
            .contains("    [debug] BP_LOG_LEVEL=DEBUG: debug lines are on\n"),
        "{}",
        debug.log()
    );

    workspace.platform_env("BP_LOG_LEVEL", "verbose");
    let failed = workspace.build("");
    assert_ne!(failed.code, Some(0), "{}", failed.log());
    let error = failed.error_head();
    assert!(
        error.contains("[config/invalid-value] BP_LOG_LEVEL has a value")
            && error.contains("BP_LOG_LEVEL is set to `verbose`")
            && error.contains("Involved: variable BP_LOG_LEVEL"),
        "{error}"
    );
}
