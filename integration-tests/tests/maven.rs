//! The maven buildpack through the real lifecycle, offline: the app's `mvnw` fetches Maven from
//! a loopback mirror, and a `maven` binding's settings.xml sends Maven to a repository served
//! there too. The image runs the exploded shaded jar with no source left, its SBOM names the
//! shaded gson, and a rebuild restores `~/.m2` and downloads nothing.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::jvm_artifacts::{jvm_artifacts_dir, jvm_test_inventory};
use integration_tests::lifecycle::{App, repo_root};
use integration_tests::maven_artifacts::{
    maven_artifacts_dir, mirror_settings, wrapper_properties,
};
use integration_tests::mirror::Mirror;
use integration_tests::support::copy_dir;

const FIXTURE: &str = "maven-mvnw";

/// Puts the fixture's source back (a build replaces it with the exploded jar), with the
/// wrapper pointed at the mirror.
fn restore_source(app: &App, mirror_url: &str) {
    for entry in fs_err::read_dir(app.app_dir()).expect("app dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            fs_err::remove_dir_all(&path).expect("remove");
        } else {
            fs_err::remove_file(&path).expect("remove");
        }
    }
    copy_dir(
        &repo_root().join("integration-tests/fixtures").join(FIXTURE),
        &app.app_dir(),
    );
    app.write_file(
        ".mvn/wrapper/maven-wrapper.properties",
        &wrapper_properties(mirror_url),
    );
}

#[test]
fn mvnw_builds_offline_with_the_binding_settings_and_a_rebuild_reuses_m2() {
    let jvm_mirror = Mirror::start(jvm_artifacts_dir());
    let maven_mirror = Mirror::start(maven_artifacts_dir());
    let mut app = App::new(FIXTURE)
        .buildpacks(&["jvm", "maven", "executable-jar"])
        .inventory("jvm", jvm_test_inventory(&jvm_mirror.url()))
        // maven-shade-plugin leaves original-app.jar beside app.jar.
        .env("BP_MAVEN_BUILT_ARTIFACT", "target/app.jar")
        .binding(
            "loopback-repository",
            "maven",
            &[("settings.xml", &mirror_settings(&maven_mirror.url()))],
        );
    restore_source(&app, &maven_mirror.url());

    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for expected in [
        "mvnw: the app's Maven wrapper runs the Maven version it names",
        "Settings: settings.xml from the `maven` binding `loopback-repository`",
        "--settings=/platform/bindings/loopback-repository/settings.xml",
        "Starting an empty cache",
        "BUILD SUCCESS",
        "Built artifact: target/app.jar",
    ] {
        assert!(builder.contains(expected), "{expected} in\n{builder}");
    }
    let served = maven_mirror.requested_paths();
    assert!(
        served.iter().any(|path| path.ends_with("/gson-2.11.0.jar")),
        "Maven resolved gson from the mirror: {served:?}"
    );

    let image = build.image();
    for gone in [
        "/workspace/src",
        "/workspace/pom.xml",
        "/workspace/mvnw",
        "/workspace/target",
    ] {
        assert!(!image.exists(gone), "{gone} is not in the image");
    }
    for kept in [
        "/workspace/META-INF/MANIFEST.MF",
        "/workspace/com/example/App.class",
        "/workspace/com/google/gson/Gson.class",
    ] {
        assert!(image.exists(kept), "{kept} is in the image");
    }
    let sbom: serde_json::Value =
        serde_json::from_str(&image.read("/layers/sbom/launch/stowage_maven/sbom.cdx.json"))
            .expect("SBOM JSON");
    let gson = sbom["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|component| component["name"] == "gson")
        .unwrap_or_else(|| panic!("gson in {sbom}"));
    assert_eq!(gson["version"], "2.11.0");
    assert_eq!(gson["purl"], "pkg:maven/com.google.code.gson/gson@2.11.0");

    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["app"], "maven-mvnw", "{answer}");
    assert_eq!(answer["serializer"], "com.google.gson.Gson", "{answer}");
    assert!(
        answer["java"]
            .as_str()
            .is_some_and(|v| v.starts_with("17.")),
        "{answer}"
    );
    drop(running);

    // Unchanged source: ~/.m2 (with the wrapper's Maven) comes from the cache.
    restore_source(&app, &maven_mirror.url());
    maven_mirror.clear_requests();
    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    assert!(
        builder.contains("Restored from the cache: the local Maven repository (~/.m2) of the last build is restored"),
        "{builder}"
    );
    let served = maven_mirror.requested_paths();
    assert!(
        !served.iter().any(|path| {
            [".jar", ".pom", ".zip"]
                .iter()
                .any(|end| path.ends_with(end))
        }),
        "nothing downloaded again: {served:?}"
    );
}
