//! Detection as the lifecycle runs it: a Procfile in the app, or a `Procfile` binding.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::workspace;

#[test]
fn passes_with_a_procfile() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: node server.js\n");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(plan.is_empty(), "nothing to provide or require: {plan}");
}

#[test]
fn passes_with_only_a_procfile_binding() {
    let workspace = workspace();
    workspace.binding("procs", "Procfile", &[("Procfile", "web: ./run\n")]);
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
}

#[test]
fn fails_without_either() {
    let workspace = workspace();
    workspace.app_file("server.js", "");
    workspace.app_file("procfile.d/Procfile", "web: x\n");
    workspace.binding("certs", "ca-certificates", &[("Procfile", "web: x\n")]);
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(100), "{}", output.log());
}
