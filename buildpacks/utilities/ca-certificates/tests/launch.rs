//! The launch helper as the launcher runs it (exec.d, fd 3): a bundle of the run image's CAs,
//! the embedded certificates and runtime bindings, given as `SSL_CERT_FILE` and
//! `NODE_EXTRA_CA_CERTS`.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::support::read;
use std::path::{Path, PathBuf};
use support::{CA_ONE, CA_TWO, SYSTEM_BUNDLE, run_exec_d, workspace};

/// Builds with `BP_EMBED_CERTS` and a `corp` binding; returns the helper program.
fn built_helper(workspace: &integration_tests::direct::Workspace) -> PathBuf {
    workspace.platform_env("BP_EMBED_CERTS", "true");
    workspace.binding("corp", "ca-certificates", &[("root.pem", CA_ONE)]);
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    workspace
        .buildpack_layers()
        .join("helper/exec.d/ca-certificates-helper")
}

fn runtime_binding(root: &Path, key: &str, value: &str) {
    let dir = root.join("runtime-bindings/proxy");
    fs_err::create_dir_all(&dir).expect("mkdir");
    fs_err::write(dir.join("type"), "ca-certificates").expect("type");
    fs_err::write(dir.join(key), value).expect("key");
}

#[test]
fn bundles_system_embedded_and_runtime_certificates() {
    let workspace = workspace();
    let program = built_helper(&workspace);
    let root = workspace.root.path();
    runtime_binding(root, "proxy.pem", CA_TWO);
    let tmp = root.join("tmp");
    fs_err::create_dir_all(&tmp).expect("mkdir");
    let bindings = root.join("runtime-bindings");
    let run = run_exec_d(
        &program,
        &[("TMPDIR", &tmp), ("SERVICE_BINDING_ROOT", &bindings)],
        root,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("ca-certificates: 2 certificates added to the trusted CAs"),
        "{}",
        run.stderr
    );

    let bundle = PathBuf::from(run.output["SSL_CERT_FILE"].as_str().expect("SSL_CERT_FILE"));
    assert!(bundle.starts_with(&tmp), "{}", bundle.display());
    let system = read(Path::new(SYSTEM_BUNDLE));
    assert_eq!(read(&bundle), format!("{system}{CA_ONE}{CA_TWO}"));
    let extra = run.output["NODE_EXTRA_CA_CERTS"]
        .as_str()
        .expect("NODE_EXTRA_CA_CERTS");
    assert_eq!(read(Path::new(extra)), format!("{CA_ONE}{CA_TWO}"));
}

#[test]
fn without_certificates_it_sets_nothing() {
    let workspace = workspace();
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    let program = workspace
        .buildpack_layers()
        .join("helper/exec.d/ca-certificates-helper");
    let root = workspace.root.path();
    let run = run_exec_d(
        &program,
        &[("SERVICE_BINDING_ROOT", &root.join("none"))],
        root,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.output.is_empty(), "{}", run.output);
    assert_eq!(run.stderr, "");
}

#[test]
fn an_invalid_runtime_binding_stops_the_launch_with_a_clear_error() {
    let workspace = workspace();
    let program = built_helper(&workspace);
    let root = workspace.root.path();
    runtime_binding(
        root,
        "proxy.pem",
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    );
    let bindings = root.join("runtime-bindings");
    let run = run_exec_d(&program, &[("SERVICE_BINDING_ROOT", &bindings)], root);
    assert_ne!(run.code, Some(0));
    insta::assert_snapshot!(run.stderr);
}
