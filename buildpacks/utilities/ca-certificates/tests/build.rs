//! Build as the lifecycle runs it: the build-time trust layer and its env, the launch helper
//! layer, embedding, and errors.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::support::{names_in, read};
use libcnb::Env;
use libcnb::layer_env::{LayerEnv, Scope};
use support::{CA_ONE, CA_TWO, SYSTEM_BUNDLE, stable, workspace};

fn layer_types(workspace: &integration_tests::direct::Workspace, name: &str) -> (bool, bool, bool) {
    let table: toml::Table = read(&workspace.buildpack_layers().join(format!("{name}.toml")))
        .parse()
        .expect("layer toml");
    let flag = |key: &str| table["types"].get(key).and_then(toml::Value::as_bool) == Some(true);
    (flag("build"), flag("launch"), flag("cache"))
}

#[test]
fn binding_certificates_are_trusted_by_later_buildpacks() {
    let workspace = workspace();
    workspace.binding(
        "corp",
        "ca-certificates",
        &[("root.pem", CA_ONE), ("proxy.crt", CA_TWO)],
    );
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(stable(&output.log(), &workspace));

    assert_eq!(
        layer_types(&workspace, "build-certificates"),
        (true, false, false)
    );
    let layer = workspace.buildpack_layers().join("build-certificates");
    // What a later buildpack's process sees.
    let mut base = Env::new();
    base.insert("SSL_CERT_DIR", "/etc/ssl/certs");
    let env = LayerEnv::read_from_layer_dir(&layer)
        .expect("layer env")
        .apply(Scope::Build, &base);
    let bundle = env
        .get_string_lossy("SSL_CERT_FILE")
        .expect("SSL_CERT_FILE");
    let bundle = read(std::path::Path::new(&bundle));
    let system = read(std::path::Path::new(SYSTEM_BUNDLE));
    assert!(bundle.starts_with(&system), "the system bundle comes first");
    assert!(
        bundle.ends_with(&format!("{CA_TWO}{CA_ONE}")),
        "then the binding's keys, by name"
    );

    let certs = layer.join("certs");
    assert_eq!(
        env.get_string_lossy("SSL_CERT_DIR"),
        Some(format!("{}:/etc/ssl/certs", certs.display()))
    );
    assert_eq!(
        names_in(&certs),
        ["001-corp-proxy.crt", "002-corp-root.pem"]
    );
    let extra = env
        .get_string_lossy("NODE_EXTRA_CA_CERTS")
        .expect("NODE_EXTRA_CA_CERTS");
    assert_eq!(
        read(std::path::Path::new(&extra)),
        format!("{CA_TWO}{CA_ONE}")
    );

    let launch = LayerEnv::read_from_layer_dir(&layer)
        .expect("layer env")
        .apply(Scope::Launch, &Env::new());
    assert_eq!(launch.get("SSL_CERT_FILE"), None, "build only");

    // The launch helper is there, with nothing embedded.
    assert_eq!(layer_types(&workspace, "helper"), (false, true, false));
    let helper = workspace.buildpack_layers().join("helper");
    assert!(helper.join("exec.d/ca-certificates-helper").is_file());
    assert!(!helper.join("embedded").exists());
}

#[test]
fn bp_embed_certs_keeps_the_certificates_for_launch() {
    let workspace = workspace();
    workspace.platform_env("BP_EMBED_CERTS", "true");
    workspace.binding("corp", "ca-certificates", &[("root.pem", CA_ONE)]);
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains("Embedding 1 certificate"),
        "{}",
        output.log()
    );
    let embedded = workspace
        .buildpack_layers()
        .join("helper/embedded/corp/root.pem");
    assert_eq!(read(&embedded), CA_ONE);
}

#[test]
fn without_runtime_bindings_or_embedding_there_is_no_helper() {
    let workspace = workspace();
    workspace.platform_env("BP_RUNTIME_CERT_BINDING_DISABLED", "true");
    workspace.binding("corp", "ca-certificates", &[("root.pem", CA_ONE)]);
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        workspace
            .buildpack_layers()
            .join("build-certificates")
            .is_dir()
    );
    assert!(!workspace.buildpack_layers().join("helper").exists());
}

#[test]
fn with_no_binding_only_the_helper_is_added() {
    let workspace = workspace();
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(stable(&output.log(), &workspace));
    assert!(
        !workspace
            .buildpack_layers()
            .join("build-certificates")
            .exists()
    );
    assert!(workspace.buildpack_layers().join("helper/exec.d").is_dir());
}

#[test]
fn a_key_that_is_not_a_certificate_fails_the_build() {
    let workspace = workspace();
    workspace.binding(
        "corp",
        "ca-certificates",
        &[("root.pem", CA_ONE), ("key.pem", "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEH\n-----END PRIVATE KEY-----\n")],
    );
    let output = workspace.build("");
    assert_ne!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
    assert!(
        !workspace
            .buildpack_layers()
            .join("build-certificates")
            .exists()
    );
}

#[test]
fn a_binding_without_keys_warns() {
    let workspace = workspace();
    workspace.binding("corp", "ca-certificates", &[]);
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stdout
            .contains("WARNING [ca-certificates/empty-binding] Binding corp has no certificates"),
        "{}",
        output.log()
    );
}
