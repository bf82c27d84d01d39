//! apache-tomcat through the real lifecycle, after jvm, with a Maven-built
//! WAR exploded into the app (as `pack build --path shop.war` gives it) and Tomcat 10.1 from a
//! loopback mirror: the app answers under `BP_TOMCAT_CONTEXT_PATH` on `$PORT`, the access log
//! follows `BPL_TOMCAT_ACCESS_LOGGING_ENABLED`, and a rebuild after an app file changed keeps
//! the Tomcat layer.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::jvm_artifacts::{jvm_artifacts_dir, jvm_test_inventory};
use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::tomcat_artifacts::{
    TOMCAT_VERSION, tomcat_artifacts_dir, tomcat_test_inventory, tomcat_war,
};
use std::process::Command;

const CATALINA_JAR: &str = "layers/stowage_apache-tomcat/tomcat/lib/catalina.jar";

#[test]
fn an_exploded_war_runs_in_tomcat_under_its_context_path_and_rebuilds_keeping_tomcat() {
    let jvm_mirror = Mirror::start(jvm_artifacts_dir());
    let tomcat_mirror = Mirror::start(tomcat_artifacts_dir());
    let mut app = App::new("tomcat-war-src")
        .buildpacks(&["jvm", "apache-tomcat"])
        .inventory("jvm", jvm_test_inventory(&jvm_mirror.url()))
        .inventory("apache-tomcat", tomcat_test_inventory(&tomcat_mirror.url()))
        .env("BP_TOMCAT_VERSION", "10.1.*")
        .env("BP_TOMCAT_CONTEXT_PATH", "/shop");
    // The app folder is the exploded WAR, not the sources.
    let app_dir = app.app_dir();
    fs_err::remove_dir_all(&app_dir).expect("clear the app");
    fs_err::create_dir_all(&app_dir).expect("mkdir");
    let status = Command::new("jar")
        .arg("xf")
        .arg(tomcat_war())
        .current_dir(&app_dir)
        .status()
        .expect("run jar");
    assert!(status.success(), "exploding the WAR");

    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    assert!(
        builder.contains(&format!("Installing Apache Tomcat {TOMCAT_VERSION}")),
        "{builder}"
    );
    assert!(
        builder.contains("webapps/shop (/shop): a link to the app"),
        "{builder}"
    );
    let image = build.image();
    let tomcat_layer = image.layer_holding(CATALINA_JAR).expect("the tomcat layer");
    assert!(image.exists("/layers/sbom/launch/stowage_apache-tomcat/tomcat/sbom.cdx.json"));

    let running = image.start(&[("BPL_TOMCAT_ACCESS_LOGGING_ENABLED", "true")]);
    let (status, body) = running.get("/shop/info");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["contextPath"], "/shop", "{answer}");
    assert_eq!(answer["port"], running.port.to_string(), "{answer}");
    assert_eq!(answer["localPort"], running.port, "{answer}");
    assert_eq!(
        answer["server"],
        format!("Apache Tomcat/{TOMCAT_VERSION}"),
        "{answer}"
    );
    let (status, page) = running.get("/shop/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("hello from the shop"), "{page}");
    assert_eq!(running.get("/info").0, 404, "only under the context path");
    let log = running.log();
    assert!(
        log.contains("[ACCESS]") && log.contains("/shop/info"),
        "{log}"
    );
    drop(running);

    let running = image.start(&[]);
    assert_eq!(running.get("/shop/info").0, 200);
    let log = running.log();
    assert!(
        !log.contains("[ACCESS]"),
        "access logging is off by default:\n{log}"
    );
    drop(running);

    // An app file changes: Tomcat's layer is reused, the app is new.
    app.write_file("index.html", "changed\n");
    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    assert!(
        builder.contains("Reusing the cached layer: tomcat"),
        "{builder}"
    );
    let image = rebuild.image();
    assert_eq!(image.layer_holding(CATALINA_JAR), Some(tomcat_layer));
    let running = image.start(&[]);
    assert_eq!(running.get("/shop/").1, "changed\n");
}
