//! Detection as the lifecycle runs it: a Procfile in the app, or a `Procfile` binding.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::workspace;

#[test]
fn passes_with_a_procfile_and_claims_web_when_it_defines_web() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: node server.js\n");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    let expected: toml::Table = r#"
        [[provides]]
        name = "web-process"

        [[requires]]
        name = "web-process"
        [requires.metadata]
        buildpack = "stowage/procfile"
    "#
    .parse()
    .expect("toml");
    assert_eq!(plan, expected);
}

#[test]
fn a_procfile_without_web_passes_without_a_claim() {
    let workspace = workspace();
    workspace.app_file("Procfile", "worker: node worker.js\nnot a process line\n");
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
