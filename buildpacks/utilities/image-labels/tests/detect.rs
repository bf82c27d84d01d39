//! Detection as the lifecycle runs it: `BP_IMAGE_LABELS` or any `BP_OCI_*`.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::workspace;

#[test]
fn passes_with_bp_image_labels() {
    let workspace = workspace();
    workspace.platform_env("BP_IMAGE_LABELS", "team=web");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(plan.is_empty(), "{plan}");
}

#[test]
fn passes_with_a_bp_oci_variable() {
    let workspace = workspace();
    workspace.platform_env("BP_OCI_SOURCE", "https://example.com/app.git");
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
}

#[test]
fn fails_without_them_or_when_they_are_blank() {
    let workspace = workspace();
    workspace.platform_env("BP_IMAGE_LABELS", "  ");
    workspace.platform_env("BP_NODE_VERSION", "22");
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(100), "{}", output.log());
}
