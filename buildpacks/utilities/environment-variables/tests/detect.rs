//! Detection as the lifecycle runs it: any `BPE_*` variable.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::workspace;

#[test]
fn passes_when_a_bpe_variable_is_set() {
    let workspace = workspace();
    workspace.platform_env("BPE_APPEND_JAVA_OPTS", "-Xmx1g");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(plan.is_empty(), "{plan}");
}

#[test]
fn fails_without_one() {
    let workspace = workspace();
    workspace.platform_env("BP_NODE_VERSION", "22");
    workspace.platform_env("BPL_JVM_HEAD_ROOM", "5");
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(100), "{}", output.log());
}
