//! The spring-boot buildpack through the real lifecycle, after jvm and executable-jar, with a
//! layered Spring Boot 3.5.7 jar exploded into the app (as `pack build --path app.jar` gives
//! it): labels, one image layer per layers.idx layer, Spring Cloud Bindings on the class path,
//! the app's SBOM; and a rebuild after a class-path resource changed keeps the dependencies
//! layer and replaces only the application layer.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::jvm_artifacts::{jvm_artifacts_dir, jvm_test_inventory};
use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::spring_boot_artifacts::{
    spring_boot_app_jar, spring_boot_artifacts_dir, spring_boot_test_inventory,
};
use std::process::Command;

const DEPENDENCIES: &str = "workspace/BOOT-INF/lib";
const APPLICATION: &str = "workspace/BOOT-INF/classes";

#[test]
fn a_boot_jar_gets_labels_layers_bindings_and_an_sbom_and_rebuilds_only_its_classes() {
    let jvm_mirror = Mirror::start(jvm_artifacts_dir());
    let boot_mirror = Mirror::start(spring_boot_artifacts_dir());
    let mut app = App::new("spring-boot-app-src")
        .buildpacks(&["jvm", "executable-jar", "spring-boot"])
        .inventory("jvm", jvm_test_inventory(&jvm_mirror.url()))
        .inventory(
            "spring-boot",
            spring_boot_test_inventory(&boot_mirror.url()),
        );
    // The app folder is the exploded jar, not the sources.
    let app_dir = app.app_dir();
    fs_err::remove_dir_all(&app_dir).expect("clear the app");
    fs_err::create_dir_all(&app_dir).expect("mkdir");
    let status = Command::new("jar")
        .arg("xf")
        .arg(spring_boot_app_jar())
        .current_dir(&app_dir)
        .status()
        .expect("run jar");
    assert!(status.success(), "exploding the jar");

    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    assert!(builder.contains("Spring Boot 3.5.7"), "{builder}");
    let image = build.image();
    assert_eq!(
        image.label("org.springframework.boot.version").as_deref(),
        Some("3.5.7")
    );
    assert_eq!(
        image.label("org.opencontainers.image.title").as_deref(),
        Some("demo")
    );
    let dependencies = image
        .label("org.springframework.boot.dependencies")
        .expect("dependencies label");
    assert!(
        dependencies.contains(r#"{"name":"spring-boot","version":"3.5.7"}"#),
        "{dependencies}"
    );

    // Separate image layers for the libraries and the classes.
    let libraries = image
        .layer_holding(DEPENDENCIES)
        .expect("a layer with the libraries");
    let classes = image
        .layer_holding(APPLICATION)
        .expect("a layer with the classes");
    assert_ne!(libraries, classes);

    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["springBoot"], "3.5.7", "{answer}");
    assert_eq!(answer["springCloudBindings"], true, "{answer}");
    assert_eq!(answer["bindingsEnabled"], "true", "{answer}");
    assert_eq!(answer["greeting"], "hello", "{answer}");
    drop(running);

    let sbom: serde_json::Value =
        serde_json::from_str(&image.read("/layers/sbom/launch/stowage_spring-boot/sbom.cdx.json"))
            .expect("SBOM JSON");
    let components = sbom["components"].as_array().expect("components");
    let named = |name: &str| {
        components
            .iter()
            .find(|component| component["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} in the SBOM: {sbom}"))
    };
    let boot = named("spring-boot");
    assert_eq!(boot["version"], "3.5.7");
    assert_eq!(boot["hashes"][0]["alg"], "SHA-256");
    // Spring's own jars (built with Gradle) hold no pom.properties: their purls come from the
    // build's own SBOM the jar carries; a jar with pom.properties gets its Maven purl.
    assert!(
        boot["purl"].as_str().is_some_and(
            |purl| purl.starts_with("pkg:maven/org.springframework.boot/spring-boot@3.5.7")
        ),
        "{boot}"
    );
    assert!(
        build
            .phase("builder")
            .contains("The app's own SBOM (META-INF/sbom/application.cdx.json) gave"),
        "{}",
        build.phase("builder")
    );
    assert_eq!(
        named("snakeyaml")["purl"],
        "pkg:maven/org.yaml/snakeyaml@2.4"
    );

    // A class-path resource changes: only the application layer is new.
    app.write_file("BOOT-INF/classes/greeting.txt", "changed\n");
    let rebuild = app.build();
    rebuild.assert_success();
    let image = rebuild.image();
    assert_eq!(image.layer_holding(DEPENDENCIES), Some(libraries));
    let new_classes = image
        .layer_holding(APPLICATION)
        .expect("a layer with the classes");
    assert_ne!(new_classes, classes);
}
