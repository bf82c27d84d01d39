//! `BP_LOG_LEVEL`: debug lines with DEBUG, none without, and a clear error for an unknown level.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::{fixture, plan, stable_log};

/// The `[debug]` lines of a log, which are all that DEBUG adds.
fn debug_lines(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains("[debug]"))
        .collect()
}

#[test]
fn debug_prints_the_plan_the_resolved_entry_and_the_url_fetched() {
    let fixture = fixture(None);
    let workspace = &fixture.workspace;
    workspace.platform_env("BP_LOG_LEVEL", "DEBUG");
    let output = workspace.build_ok(&plan(Some(("~22.11", "package.json"))));
    let log = stable_log(&output.log(), &fixture);
    insta::assert_snapshot!(debug_lines(&log).join("\n"));
    assert!(
        log.contains("    Selected Node.js 22.11.0 (from package.json)"),
        "the usual lines stay: {log}"
    );
}

#[test]
fn no_debug_lines_without_it_or_with_info() {
    let fixture = fixture(None);
    let workspace = &fixture.workspace;
    let output = workspace.build_ok(&plan(None));
    assert_eq!(debug_lines(&output.log()), Vec::<&str>::new());
    workspace.platform_env("BP_LOG_LEVEL", "info");
    let output = workspace.build_ok(&plan(None));
    assert_eq!(debug_lines(&output.log()), Vec::<&str>::new());
}

#[test]
fn an_unknown_level_fails_the_build_naming_the_variable() {
    let fixture = fixture(None);
    let workspace = &fixture.workspace;
    workspace.platform_env("BP_LOG_LEVEL", "LOUD");
    let output = workspace.build(&plan(None));
    assert_ne!(output.code, Some(0), "{}", output.log());
    assert!(
        !workspace.buildpack_layers().join("node").exists(),
        "nothing is installed"
    );
    insta::assert_snapshot!(output.error_head());
}
