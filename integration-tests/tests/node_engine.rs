//! node-engine and node-start through the real lifecycle: the built image starts and answers
//! HTTP, runs the resolved Node.js, and rebuilds reuse or replace the node layer, saying why.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, Build};
use integration_tests::mirror::Fault;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{
    artifacts_dir, newest_of, node_archive_name, node_test_inventory, node_versions, sha256_cached,
    with_wrong_checksum,
};

fn node_app(fixture: &str, mirror: &Mirror) -> App {
    App::new(fixture)
        .buildpacks(&["node-engine", "node-start"])
        .inventory("node", node_test_inventory(&mirror.url()))
}

fn downloads(mirror: &Mirror) -> Vec<String> {
    mirror.requested_paths()
}

fn served_node(build: &Build) -> serde_json::Value {
    let running = build.image().start(&[]);
    let (status, body) = running.get("/hello");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("the app answers JSON")
}

#[test]
fn the_image_answers_http_reuses_its_layer_and_replaces_it_on_a_new_version() {
    let mirror = Mirror::start(artifacts_dir());
    let older = newest_of("22");
    let newer = newest_of("24");
    let mut app = node_app("node-server", &mirror).env("BP_NODE_VERSION", "22");

    let first = app.build();
    first.assert_success();
    let answer = served_node(&first);
    assert_eq!(answer["node"], format!("v{older}"));
    assert_eq!(answer["nodeEnv"], "production");
    assert_eq!(answer["path"], "/hello");
    let (code, version) = first.image().exec(&["node", "--version"]);
    assert_eq!(code, Some(0), "{version}");
    assert_eq!(version.trim(), format!("v{older}"));
    assert_eq!(downloads(&mirror).len(), 1, "{:?}", downloads(&mirror));
    assert_sbom_names(&first, &older);

    mirror.clear_requests();
    let again = app.build();
    again.assert_success();
    assert!(
        downloads(&mirror).is_empty(),
        "nothing downloaded: {:?}",
        downloads(&mirror)
    );
    assert!(
        again.phase("builder").contains(&format!(
            "Reusing the cached layer: node {older} with checksum sha256:"
        )),
        "{}",
        again.phase("builder")
    );
    assert!(
        again
            .phase("exporter")
            .contains("Reusing layer 'stowage/node-engine:node'"),
        "{}",
        again.log()
    );

    app.set_env("BP_NODE_VERSION", "24");
    let upgraded = app.build();
    upgraded.assert_success();
    assert!(
        upgraded.phase("builder").contains(&format!(
            "Installing into a new layer: node changed from {older} to {newer}"
        )),
        "{}",
        upgraded.phase("builder")
    );
    assert_eq!(served_node(&upgraded)["node"], format!("v{newer}"));
}

/// The exported image carries the node layer's SBOMs, naming the version and checksum.
fn assert_sbom_names(build: &Build, version: &str) {
    let sha256 = sha256_cached(&artifacts_dir().join(node_archive_name(version)));
    let sboms = "layers/sbom/launch/stowage_node-engine/node";
    let cdx: serde_json::Value =
        serde_json::from_str(&build.image().read(&format!("{sboms}/sbom.cdx.json")))
            .expect("CycloneDX JSON");
    assert_eq!(cdx["components"][0]["version"], version);
    assert_eq!(
        cdx["components"][0]["hashes"][0]["content"],
        sha256.as_str()
    );
    let spdx: serde_json::Value =
        serde_json::from_str(&build.image().read(&format!("{sboms}/sbom.spdx.json")))
            .expect("SPDX JSON");
    assert_eq!(spdx["packages"][0]["versionInfo"], version);
    assert_eq!(
        spdx["packages"][0]["checksums"][0]["checksumValue"],
        sha256.as_str()
    );
    let syft: serde_json::Value =
        serde_json::from_str(&build.image().read(&format!("{sboms}/sbom.syft.json")))
            .expect("Syft JSON");
    assert_eq!(syft["artifacts"][0]["version"], version);
}

#[test]
fn the_version_comes_from_nvmrc_or_package_json_engines() {
    let mirror = Mirror::start(artifacts_dir());
    for (fixture, source, major) in [
        ("node-nvmrc", ".nvmrc", "22"),
        ("node-engines", "package.json", "24"),
    ] {
        let expected = newest_of(major);
        let build = node_app(fixture, &mirror).build();
        build.assert_success();
        assert!(
            build
                .phase("builder")
                .contains(&format!("Selected Node.js {expected} (from {source})")),
            "{}",
            build.phase("builder")
        );
        let (code, version) = build.image().exec(&["node", "--version"]);
        assert_eq!(
            (code, version.trim()),
            (Some(0), format!("v{expected}").as_str())
        );
    }
}

#[test]
fn a_server_error_is_retried_and_the_build_succeeds() {
    let mirror = Mirror::start(artifacts_dir());
    let version = newest_of("22");
    let path = format!("/{}", node_archive_name(&version));
    mirror.inject(&path, Fault::ServerError, 1);
    let build = node_app("node-server", &mirror)
        .env("BP_NODE_VERSION", &version)
        .build();
    build.assert_success();
    assert!(
        build
            .phase("builder")
            .contains("Attempt 1 failed (HTTP 500"),
        "{}",
        build.phase("builder")
    );
    let statuses: Vec<Option<u16>> = mirror
        .requests()
        .iter()
        .map(|request| request.status)
        .collect();
    assert_eq!(statuses, [Some(500), Some(200)]);
}

#[test]
fn a_persistent_failure_fails_the_build_and_caches_nothing() {
    let mirror = Mirror::start(artifacts_dir());
    mirror.inject_any(Fault::ServerError, 100);
    let mut app = node_app("node-server", &mirror);
    let build = app.build();
    build.assert_failure();
    let builder = build.phase("builder");
    assert!(builder.contains("[fetch/download-failed]"), "{builder}");
    assert!(
        builder.contains("BP_DEPENDENCY_MIRROR"),
        "the error says what to do: {builder}"
    );
    assert!(mirror.requests().len() > 1, "it retried");
    assert!(
        !build.layers_dir().join("stowage_node-engine/node").exists(),
        "no partial layer is left"
    );
    // The restorer creates the cache's empty folders; no layer may land in them.
    assert_eq!(
        files_under(&app.cache_dir()),
        Vec::<std::path::PathBuf>::new(),
        "nothing cached"
    );
}

#[test]
fn a_checksum_mismatch_fails_with_its_error_and_leaves_no_layer() {
    let mirror = Mirror::start(artifacts_dir());
    let version = newest_of("22");
    let build = App::new("node-server")
        .buildpacks(&["node-engine", "node-start"])
        .inventory(
            "node",
            with_wrong_checksum(node_test_inventory(&mirror.url()), &version),
        )
        .env("BP_NODE_VERSION", &version)
        .build();
    build.assert_failure();
    assert!(
        build.phase("builder").contains("[fetch/checksum-mismatch]"),
        "{}",
        build.phase("builder")
    );
    let layers = build.layers_dir().join("stowage_node-engine");
    assert!(
        !layers.join("node").exists() && !layers.join("node.toml").exists(),
        "no layer"
    );
}

#[test]
fn an_unknown_version_lists_the_available_versions() {
    let mirror = Mirror::start(artifacts_dir());
    let build = node_app("node-server", &mirror)
        .env("BP_NODE_VERSION", "19")
        .build();
    build.assert_failure();
    let builder = build.phase("builder");
    assert!(
        builder.contains("[inventory/no-matching-version]"),
        "{builder}"
    );
    for version in node_versions() {
        assert!(builder.contains(&version), "lists {version}: {builder}");
    }
    assert!(builder.contains("BP_NODE_VERSION"), "{builder}");
    assert!(mirror.requests().is_empty(), "nothing downloaded");
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs_err::read_dir(dir).expect("read dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}
