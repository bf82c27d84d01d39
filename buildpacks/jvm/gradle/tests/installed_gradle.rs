//! Without `gradlew`, Gradle comes from the inventory (here a stand-in tarball served from
//! file://) into the cache-only layer `gradle`, which a rebuild reuses while its checksum is
//! unchanged.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::artifact::{Entry, tar_gz};
use std::collections::BTreeMap;
use std::io::Write;

#[test]
fn gradle_from_the_inventory_is_installed_once_and_reused() {
    let artifacts = tempfile::tempdir().expect("temp dir");
    let script = "#!/bin/sh\necho \"$*\" >> \"$HOME/gradle.log\"\nmkdir -p build/libs && cp .jars/app.jar build/libs/app.jar\n";
    let (tarball, sha256) = tar_gz(
        artifacts.path(),
        "gradle-9.7.1-bin.tar.gz",
        &[Entry::File {
            path: "gradle-9.7.1/bin/gradle",
            content: script.as_bytes(),
            mode: 0o755,
        }],
    );
    let inventory = format!(
        "[[dependencies]]\nid = \"gradle\"\nname = \"Gradle\"\nversion = \"9.7.1\"\n\
         uri = \"file://{}\"\nchecksum = \"sha256:{sha256}\"\nstacks = [\"*\"]\nstrip-components = 1\n\
         purl = \"pkg:generic/gradle@9.7.1\"\nlicenses = [\"Apache-2.0\"]\n",
        tarball.display()
    );
    let workspace = integration_tests::workspace!(
        "gradle",
        BTreeMap::from([("gradle".to_string(), inventory.parse().expect("inventory"))])
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("App.class", zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(b"").expect("write");
    let jar = zip.finish().expect("zip").into_inner();
    for build in 0..2 {
        workspace.app_file("settings.gradle.kts", "rootProject.name = \"app\"\n");
        fs_err::create_dir_all(workspace.app_dir.join(".jars")).expect("mkdir");
        fs_err::write(workspace.app_dir.join(".jars/app.jar"), &jar).expect("write");
        let log = workspace
            .build_ok("[[entries]]\nname = \"gradle\"\n")
            .stdout;
        let expected = if build == 0 {
            "Installing into a new layer"
        } else {
            "Reusing the cached layer: gradle 9.7.1 with checksum"
        };
        assert!(log.contains(expected), "{expected} in\n{log}");
        let gradle = workspace.buildpack_layers().join("gradle/bin/gradle");
        assert!(
            log.contains(&format!("Running `{}", gradle.display())),
            "{log}"
        );
        assert!(workspace.app_dir.join("App.class").exists());
    }
    let recorded = fs_err::read_to_string(workspace.root.path().join("gradle.log")).expect("log");
    assert_eq!(recorded.matches("assemble").count(), 2);
    let layer = fs_err::read_to_string(workspace.buildpack_layers().join("gradle.toml"))
        .expect("gradle.toml");
    assert!(
        layer.contains("cache = true")
            && layer.contains("launch = false")
            && layer.contains("build = false"),
        "only this buildpack's cache: {layer}"
    );
}
