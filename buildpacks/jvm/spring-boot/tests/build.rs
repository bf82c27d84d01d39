//! Build as the lifecycle runs it: the labels, slices, SBOM and Spring Cloud Bindings of an
//! exploded Boot jar, nothing for other apps, and the errors.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::direct::Workspace;
use integration_tests::mirror::Mirror;
use stowage_kit::checksum::{Algorithm, Hasher};
use support::{LAYERS, MANIFEST, boot_app, workspace, workspace_with, zip};

const PLAN: &str =
    "[[entries]]\nname = \"spring-boot\"\n\n[[entries]]\nname = \"jvm-application\"\n";

fn launch_toml(workspace: &Workspace) -> toml::Table {
    fs_err::read_to_string(workspace.buildpack_layers().join("launch.toml"))
        .expect("launch.toml")
        .parse()
        .expect("toml")
}

fn label(launch: &toml::Table, key: &str) -> Option<String> {
    launch["labels"].as_array()?.iter().find_map(|label| {
        (label["key"].as_str() == Some(key)).then(|| label["value"].as_str().map(String::from))?
    })
}

/// A Spring Cloud Bindings 2.0.4 "jar" served by a mirror, and its inventory.
fn bindings_inventory(dir: &std::path::Path, mirror: &Mirror) -> toml::Table {
    let jar = zip(&[("org/springframework/cloud/bindings/Binding.class", "")]);
    fs_err::write(dir.join("spring-cloud-bindings-2.0.4.jar"), &jar).expect("write");
    let mut hasher = Hasher::new(Algorithm::Sha256);
    hasher.update(&jar);
    let checksum = hasher.finish();
    format!(
        "[[dependencies]]\nid = \"spring-cloud-bindings\"\nname = \"Spring Cloud Bindings\"\n\
         version = \"2.0.4\"\nuri = \"{}\"\nchecksum = \"{checksum}\"\n\
         purl = \"pkg:generic/springframework/spring-cloud-bindings@2.0.4\"\n\
         licenses = [\"Apache-2.0\"]\nstacks = [\"*\"]\n",
        mirror.uri("/spring-cloud-bindings-2.0.4.jar")
    )
    .parse()
    .expect("inventory")
}

#[test]
fn a_boot_app_gets_labels_slices_its_sbom_and_spring_cloud_bindings() {
    let served = tempfile::tempdir().expect("dir");
    let mirror = Mirror::start(served.path());
    let workspace = workspace_with(bindings_inventory(served.path(), &mirror));
    boot_app(&workspace);
    let output = workspace.build_ok(PLAN);
    // The mirror's port and the download time change from run to run.
    let log: Vec<String> = output
        .stdout
        .replace(&mirror.url(), "<mirror>")
        .lines()
        .filter(|line| !line.contains("Downloaded "))
        .map(String::from)
        .collect();
    let log = log.join("\n");
    insta::assert_snapshot!(log);

    let launch = launch_toml(&workspace);
    assert_eq!(
        label(&launch, "org.springframework.boot.version").as_deref(),
        Some("3.5.7")
    );
    assert_eq!(
        label(&launch, "org.opencontainers.image.title").as_deref(),
        Some("demo")
    );
    assert_eq!(
        label(&launch, "org.springframework.boot.dependencies").as_deref(),
        Some(r#"[{"name":"spring-boot","version":"3.5.7"},{"name":"plain","version":"1.2"}]"#),
        "classpath.idx order"
    );
    let slices: Vec<Vec<&str>> = launch["slices"]
        .as_array()
        .expect("slices")
        .iter()
        .map(|slice| {
            slice["paths"]
                .as_array()
                .expect("paths")
                .iter()
                .map(|path| path.as_str().expect("path"))
                .collect()
        })
        .collect();
    assert_eq!(
        slices,
        [
            vec!["BOOT-INF/lib"],
            vec!["org"],
            vec![
                "BOOT-INF/classes",
                "BOOT-INF/classpath.idx",
                "BOOT-INF/layers.idx",
                "META-INF"
            ],
        ]
    );

    let layer = workspace.buildpack_layers().join("spring-cloud-bindings");
    let link = workspace
        .app_dir
        .join("BOOT-INF/lib/spring-cloud-bindings-2.0.4.jar");
    assert_eq!(
        fs_err::read_link(&link).expect("a link"),
        layer.join("spring-cloud-bindings-2.0.4.jar")
    );
    assert!(layer.join("exec.d/spring-cloud-bindings").exists());
    let layer_toml = fs_err::read_to_string(
        workspace
            .buildpack_layers()
            .join("spring-cloud-bindings.toml"),
    )
    .expect("layer toml");
    assert!(layer_toml.contains("launch = true"), "{layer_toml}");

    let sbom: serde_json::Value = serde_json::from_str(
        &fs_err::read_to_string(workspace.buildpack_layers().join("launch.sbom.cdx.json"))
            .expect("launch SBOM"),
    )
    .expect("JSON");
    let components = sbom["components"].as_array().expect("components");
    let boot = components
        .iter()
        .find(|component| component["name"] == "spring-boot")
        .expect("spring-boot in the SBOM");
    assert_eq!(boot["version"], "3.5.7");
    assert_eq!(
        boot["purl"],
        "pkg:maven/org.springframework.boot/spring-boot@3.5.7"
    );
    assert_eq!(boot["hashes"][0]["alg"], "SHA-256");
    assert!(
        components
            .iter()
            .any(|component| component["name"] == "plain")
    );
}

#[test]
fn bindings_can_be_left_out_and_are_not_added_twice() {
    let workspace = workspace();
    boot_app(&workspace);
    workspace.platform_env("BP_SPRING_CLOUD_BINDINGS_DISABLED", "true");
    let output = workspace.build_ok(PLAN);
    assert!(
        output
            .stdout
            .contains("BP_SPRING_CLOUD_BINDINGS_DISABLED=true: not added"),
        "{}",
        output.stdout
    );
    assert!(
        !workspace
            .buildpack_layers()
            .join("spring-cloud-bindings")
            .exists()
    );

    workspace.clear_platform_env("BP_SPRING_CLOUD_BINDINGS_DISABLED");
    let lib = workspace.app_dir.join("BOOT-INF/lib");
    fs_err::write(
        lib.join("spring-cloud-bindings-1.13.0.jar"),
        zip(&[("a", "")]),
    )
    .expect("write");
    let output = workspace.build_ok(PLAN);
    assert!(
        output.stdout.contains("The app has it already"),
        "{}",
        output.stdout
    );
    assert!(
        !workspace
            .buildpack_layers()
            .join("spring-cloud-bindings")
            .exists()
    );
}

#[test]
fn an_app_without_spring_boot_version_gets_nothing() {
    let workspace = workspace();
    workspace.app_file(
        "META-INF/MANIFEST.MF",
        "Manifest-Version: 1.0\nMain-Class: com.example.App\n",
    );
    let output = workspace.build_ok(PLAN);
    insta::assert_snapshot!(output.stdout);
    assert!(!workspace.buildpack_layers().join("launch.toml").exists());
}

fn fails(workspace: &Workspace) -> String {
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(!workspace.buildpack_layers().join("launch.toml").exists());
    assert!(
        !workspace
            .buildpack_layers()
            .join("spring-cloud-bindings")
            .exists()
    );
    output.stderr
}

#[test]
fn a_malformed_layers_index_fails_with_its_line() {
    let workspace = workspace();
    boot_app(&workspace);
    workspace.app_file(
        "BOOT-INF/layers.idx",
        "- \"dependencies\":\nBOOT-INF/lib/\n",
    );
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn a_layers_index_path_that_is_not_in_the_app_fails() {
    let workspace = workspace();
    boot_app(&workspace);
    workspace.app_file("BOOT-INF/layers.idx", &LAYERS.replace("org/", "com/"));
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn a_missing_layers_index_fails() {
    let workspace = workspace();
    boot_app(&workspace);
    fs_err::remove_file(workspace.app_dir.join("BOOT-INF/layers.idx")).expect("rm");
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn a_malformed_manifest_fails_with_its_line() {
    let workspace = workspace();
    boot_app(&workspace);
    workspace.app_file(
        "META-INF/MANIFEST.MF",
        &format!("{MANIFEST}Spring-Boot-Jar-Type executable\n"),
    );
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn a_library_that_is_not_a_jar_fails() {
    let workspace = workspace();
    boot_app(&workspace);
    workspace.app_file("BOOT-INF/lib/plain-1.2.jar", "<html>404</html>");
    insta::assert_snapshot!(fails(&workspace));
}
