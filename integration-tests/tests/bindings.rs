//! Service bindings given as folders, as `scripts/build-app --binding <folder>` takes them (the
//! same code writes them), reach the build for each binding type a Node app uses: a CA the
//! downloads must trust, a dependency mapping for an offline site, and an `.npmrc`.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{
    artifacts_dir, dependency_mut, newest_node, node_archive_name, node_test_inventory,
    sha256_cached,
};
use std::path::{Path, PathBuf};

/// A binding folder named `name` with a `type` and `keys`.
fn binding_folder(root: &Path, name: &str, kind: &str, keys: &[(&str, &str)]) -> PathBuf {
    let folder = root.join(name);
    fs_err::create_dir_all(&folder).expect("mkdir binding");
    fs_err::write(folder.join("type"), kind).expect("write type");
    for (key, value) in keys {
        fs_err::write(folder.join(key), value).expect("write key");
    }
    folder
}

#[test]
fn a_ca_certificates_binding_makes_the_build_trust_an_https_mirror() {
    // Node.js comes from a mirror whose certificate only the binding's CA vouches for.
    let mirror = Mirror::start_tls(artifacts_dir());
    let ca = mirror.ca_pem().expect("a TLS mirror has a CA").to_string();
    let folders = tempfile::tempdir().expect("temp dir");
    let corp_ca = binding_folder(
        folders.path(),
        "corp-ca",
        "ca-certificates",
        &[("ca.pem", &ca)],
    );
    let mut app = App::new("node-server")
        .buildpacks(&["ca-certificates", "node-engine", "node-start"])
        .inventory("node", node_test_inventory(&mirror.url()))
        .binding_folders(&[corp_ca]);
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    assert!(
        builder.contains(&format!("Source: {}", mirror.url())),
        "{builder}"
    );
    let running = build.image().start(&[]);
    assert_eq!(running.get("/").0, 200);
}

#[test]
fn a_dependency_mapping_binding_serves_an_offline_build() {
    let mirror = Mirror::start(artifacts_dir());
    let version = newest_node();
    let archive = node_archive_name(&version);
    // The inventory's own URI answers nothing; the mapping names where the bytes are.
    let mut inventory = node_test_inventory(&mirror.url());
    dependency_mut(&mut inventory, &version).insert(
        "uri".to_string(),
        format!("http://127.0.0.1:9/unreachable/{archive}").into(),
    );
    let checksum = sha256_cached(&artifacts_dir().join(&archive));
    let folders = tempfile::tempdir().expect("temp dir");
    let offline = binding_folder(
        folders.path(),
        "offline",
        "dependency-mapping",
        &[(&checksum, &format!("{}/{archive}", mirror.url()))],
    );
    let mut app = App::new("node-server")
        .buildpacks(&["node-engine", "node-start"])
        .inventory("node", inventory)
        .env("BP_NODE_VERSION", &version)
        .binding_folders(&[offline]);
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    assert!(
        builder.contains("dependency-mapping binding \"offline\""),
        "{builder}"
    );
    assert_eq!(build.image().start(&[]).get("/").0, 200);
}

#[test]
fn an_npmrc_binding_configures_npm() {
    let mirror = Mirror::start(artifacts_dir());
    let folders = tempfile::tempdir().expect("temp dir");
    let npmrc = binding_folder(
        folders.path(),
        "team-npmrc",
        "npmrc",
        &[(".npmrc", "user-agent=stowage-probe/1.0\n")],
    );
    let mut app = App::new("npm-no-lockfile")
        .buildpacks(&["node-engine", "npm-install", "npm-start"])
        .inventory("node", node_test_inventory(&mirror.url()))
        .binding_folders(&[npmrc]);
    // npm hands its config to the package's scripts as npm_config_* variables.
    let package = serde_json::json!({
        "name": "npmrc-probe",
        "version": "1.0.0",
        "private": true,
        "scripts": {
            "postinstall": "node -e \"require('fs').writeFileSync('npmrc-probe.txt', String(process.env.npm_config_user_agent))\"",
            "start": "node server.js",
        },
        "dependencies": {"ms": "2.1.3"},
    });
    app.write_file("package.json", &package.to_string());
    let build = app.build();
    build.assert_success();
    assert!(
        build
            .phase("builder")
            .contains("npm config: the `team-npmrc` binding's .npmrc"),
        "{}",
        build.phase("builder")
    );
    assert_eq!(
        build.image().read("workspace/npmrc-probe.txt"),
        "stowage-probe/1.0"
    );
}
