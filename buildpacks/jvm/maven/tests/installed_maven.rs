//! Without `mvnw`, Apache Maven comes from the inventory (here a stand-in tarball served from
//! file://) into the cache-only layer `maven`, which a rebuild reuses while its checksum is
//! unchanged.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::artifact::{Entry, tar_gz};
use std::collections::BTreeMap;
use support::{PLAN, app, app_jar, maven_script, mvnw_log};

#[test]
fn maven_from_the_inventory_is_installed_once_and_reused() {
    let artifacts = tempfile::tempdir().expect("temp dir");
    let script = maven_script("mkdir -p target\ncp .jars/app.jar target/app.jar");
    let (tarball, sha256) = tar_gz(
        artifacts.path(),
        "apache-maven-3.9.16-bin.tar.gz",
        &[Entry::File {
            path: "apache-maven-3.9.16/bin/mvn",
            content: script.as_bytes(),
            mode: 0o755,
        }],
    );
    let inventory = format!(
        "[default-versions]\nmaven = \"3.*\"\n\n[[dependencies]]\nid = \"maven\"\nname = \"Apache Maven\"\n\
         version = \"3.9.16\"\nuri = \"file://{}\"\nchecksum = \"sha256:{sha256}\"\nstacks = [\"*\"]\n\
         strip-components = 1\npurl = \"pkg:generic/apache-maven@3.9.16\"\nlicenses = [\"Apache-2.0\"]\n",
        tarball.display()
    );
    let workspace = integration_tests::workspace!(
        "maven",
        BTreeMap::from([("maven".to_string(), inventory.parse().expect("inventory"))])
    );
    for build in 0..2 {
        app(&workspace);
        app_jar(&workspace, "app.jar");
        let log = workspace.build_ok(PLAN).stdout;
        let expected = if build == 0 {
            "Installing into a new layer"
        } else {
            "Reusing the cached layer: maven 3.9.16 with checksum"
        };
        assert!(log.contains(expected), "{expected} in\n{log}");
        let mvn = workspace.buildpack_layers().join("maven/bin/mvn");
        assert!(
            log.contains(&format!("Running `{}", mvn.display())),
            "{log}"
        );
        assert!(workspace.app_dir.join("App.class").exists());
    }
    assert_eq!(mvnw_log(&workspace).matches("package").count(), 2);
    assert_layer_sboms_declared(&workspace.buildpack_layers());
    let layer = fs_err::read_to_string(workspace.buildpack_layers().join("maven.toml"))
        .expect("maven.toml");
    assert!(
        layer.contains("cache = true")
            && layer.contains("launch = false")
            && layer.contains("build = false"),
        "only this buildpack's cache: {layer}"
    );
}

/// The lifecycle refuses a layer SBOM whose media type buildpack.toml does not declare.
fn assert_layer_sboms_declared(layers: &std::path::Path) {
    let descriptor: toml::Table = fs_err::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("buildpack.toml"),
    )
    .expect("buildpack.toml")
    .parse()
    .expect("TOML");
    let declared = descriptor["buildpack"]["sbom-formats"]
        .as_array()
        .expect("sbom-formats");
    for (file, media_type) in [
        ("maven.sbom.cdx.json", "application/vnd.cyclonedx+json"),
        ("maven.sbom.spdx.json", "application/spdx+json"),
        ("maven.sbom.syft.json", "application/vnd.syft+json"),
    ] {
        assert!(layers.join(file).is_file(), "the layer's {file}");
        assert!(
            declared
                .iter()
                .any(|value| value.as_str() == Some(media_type)),
            "{media_type} in sbom-formats {declared:?}"
        );
    }
}
