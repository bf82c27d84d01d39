//! Detection as the lifecycle runs it. As at Paketo, the launch helper is wanted by default
//! (so bindings mounted only at runtime work); `BP_RUNTIME_CERT_BINDING_DISABLED=true` turns
//! that off, leaving a build-time binding or `BP_EMBED_CERTS`.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::{CA_ONE, workspace};

#[test]
fn passes_by_default_for_runtime_bindings() {
    let workspace = workspace();
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(plan.is_empty(), "{plan}");
}

#[test]
fn passes_with_a_binding_when_runtime_bindings_are_off() {
    let workspace = workspace();
    workspace.platform_env("BP_RUNTIME_CERT_BINDING_DISABLED", "true");
    workspace.binding("corp", "ca-certificates", &[("corp.pem", CA_ONE)]);
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
}

#[test]
fn passes_with_bp_embed_certs_when_runtime_bindings_are_off() {
    let workspace = workspace();
    workspace.platform_env("BP_RUNTIME_CERT_BINDING_DISABLED", "true");
    workspace.platform_env("BP_EMBED_CERTS", "true");
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
}

#[test]
fn fails_with_nothing_to_do() {
    let workspace = workspace();
    workspace.platform_env("BP_RUNTIME_CERT_BINDING_DISABLED", "true");
    workspace.binding("mirror", "dependency-mirror", &[("default", "https://m")]);
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(100), "{}", output.log());
}
