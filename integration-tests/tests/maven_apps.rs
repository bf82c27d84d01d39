//! Two JVM apps from source through the real lifecycle with the `stowage/java` meta-buildpack,
//! Maven from the inventory (a loopback mirror) and a `maven` binding sending Maven to the
//! loopback repository: a distribution zip (maven-assembly-plugin's `greeter/bin/greeter` and
//! `greeter/lib/*.jar`) that dist-zip starts, and a WAR that Tomcat runs under its context path.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::jvm_artifacts::{jvm_artifacts_dir, jvm_test_inventory};
use integration_tests::lifecycle::{App, Build};
use integration_tests::maven_artifacts::{
    MAVEN_VERSION, maven_artifacts_dir, maven_test_inventory, mirror_settings,
};
use integration_tests::mirror::Mirror;
use integration_tests::tomcat_artifacts::{
    TOMCAT_VERSION, tomcat_artifacts_dir, tomcat_test_inventory,
};

/// The fixture built with the java group, Maven from the mirror and the repository binding.
fn maven_app(fixture: &str, jvm: &Mirror, maven: &Mirror) -> App {
    App::new(fixture)
        .buildpacks(&["java"])
        .inventory("jvm", jvm_test_inventory(&jvm.url()))
        .inventory("maven", maven_test_inventory(&maven.url()))
        .binding(
            "loopback-repository",
            "maven",
            &[("settings.xml", &mirror_settings(&maven.url()))],
        )
}

/// The detector's group line, `present` in it and `absent` not.
fn assert_group(build: &Build, present: &[&str], absent: &[&str]) {
    let detector = build.phase("detector");
    for member in present {
        assert!(detector.contains(member), "{member} in:\n{detector}");
    }
    for member in absent {
        assert!(!detector.contains(member), "{member} not in:\n{detector}");
    }
}

fn assert_lines(build: &Build, expected: &[&str]) {
    let builder = build.phase("builder");
    for line in expected {
        assert!(builder.contains(line), "{line} in\n{builder}");
    }
}

#[test]
fn a_maven_built_dist_zip_runs_its_start_script() {
    let jvm_mirror = Mirror::start(jvm_artifacts_dir());
    let maven_mirror = Mirror::start(maven_artifacts_dir());
    let mut app = maven_app("maven-dist-zip", &jvm_mirror, &maven_mirror)
        .env("BP_MAVEN_BUILT_ARTIFACT", "target/greeter-dist.zip");

    let build = app.build();
    build.assert_success();
    assert_group(
        &build,
        &["stowage/jvm", "stowage/maven", "stowage/dist-zip"],
        &["stowage/gradle", "stowage/procfile"],
    );
    assert_lines(
        &build,
        &[
            &format!("Installing Apache Maven {MAVEN_VERSION}"),
            "Settings: settings.xml from the `maven` binding `loopback-repository`",
            "BUILD SUCCESS",
            "Built artifact: target/greeter-dist.zip",
            "dist-zip, task, web (default): greeter/bin/greeter",
        ],
    );
    let served = maven_mirror.requested_paths();
    assert!(
        served.iter().any(|path| path.ends_with("/gson-2.11.0.jar")),
        "Maven resolved gson from the mirror: {served:?}"
    );

    let image = build.image();
    for gone in ["/workspace/pom.xml", "/workspace/src", "/workspace/target"] {
        assert!(!image.exists(gone), "{gone} is not in the image");
    }
    for kept in [
        "/workspace/greeter/bin/greeter",
        "/workspace/greeter/lib/greeter-1.0.jar",
        "/workspace/greeter/lib/gson-2.11.0.jar",
    ] {
        assert!(image.exists(kept), "{kept} is in the image");
    }
    // The distribution's lib/ jars are the app's SBOM.
    let sbom = image.read("/layers/sbom/launch/stowage_maven/sbom.cdx.json");
    assert!(
        sbom.contains("\"name\": \"gson\"") || sbom.contains("\"name\":\"gson\""),
        "{sbom}"
    );
    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["app"], "maven-dist-zip", "{answer}");
    assert_eq!(answer["serializer"], "com.google.gson.Gson", "{answer}");
    // The script's class path: lib/'s jars, expanded by java from `lib/*`.
    let class_path = answer["classPath"].as_str().expect("class path");
    assert!(
        class_path.contains("/workspace/greeter/lib/gson-2.11.0.jar"),
        "{answer}"
    );
    assert!(
        answer["java"]
            .as_str()
            .is_some_and(|v| v.starts_with("17.")),
        "{answer}"
    );
}

#[test]
fn a_maven_built_war_runs_on_tomcat_under_its_context_path() {
    let jvm_mirror = Mirror::start(jvm_artifacts_dir());
    let maven_mirror = Mirror::start(maven_artifacts_dir());
    let tomcat_mirror = Mirror::start(tomcat_artifacts_dir());
    let mut app = maven_app("maven-war", &jvm_mirror, &maven_mirror)
        .inventory("apache-tomcat", tomcat_test_inventory(&tomcat_mirror.url()))
        .env("BP_TOMCAT_VERSION", "10.1.*")
        .env("BP_TOMCAT_CONTEXT_PATH", "/catalog");

    let build = app.build();
    build.assert_success();
    assert_group(
        &build,
        &["stowage/jvm", "stowage/maven", "stowage/apache-tomcat"],
        &["stowage/gradle", "stowage/procfile"],
    );
    assert_lines(
        &build,
        &[
            &format!("Installing Apache Maven {MAVEN_VERSION}"),
            "Settings: settings.xml from the `maven` binding `loopback-repository`",
            "BUILD SUCCESS",
            "Built artifact: target/catalog.war",
            "The app is an exploded WAR (it has WEB-INF/)",
            &format!("Installing Apache Tomcat {TOMCAT_VERSION}"),
            "webapps/catalog (/catalog): a link to the app",
        ],
    );
    let served = maven_mirror.requested_paths();
    assert!(
        served
            .iter()
            .any(|path| path.ends_with("/jakarta.servlet-api-6.0.0.jar")),
        "Maven resolved the Servlet API from the mirror: {served:?}"
    );

    let image = build.image();
    assert!(image.exists("/workspace/WEB-INF/classes/com/example/CatalogServlet.class"));
    // Provided scope: Tomcat's own Servlet API, none in the app.
    assert!(!image.exists("/workspace/WEB-INF/lib/jakarta.servlet-api-6.0.0.jar"));
    assert!(!image.exists("/workspace/pom.xml"));
    let running = image.start(&[]);
    let (status, body) = running.get("/catalog/items");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["app"], "maven-war", "{answer}");
    assert_eq!(answer["contextPath"], "/catalog", "{answer}");
    assert_eq!(
        answer["server"],
        format!("Apache Tomcat/{TOMCAT_VERSION}"),
        "{answer}"
    );
    let (status, page) = running.get("/catalog/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("hello from the catalog"), "{page}");
    assert_eq!(running.get("/items").0, 404, "only under the context path");
}
