//! Build as the lifecycle runs it, with a fake `mvnw` standing in for Maven: the arguments
//! and settings it gets, the exploded artifact replacing the source, the SBOM, the `~/.m2`
//! cache across builds, and each error (which leaves the source in place).

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use std::os::unix::fs::PermissionsExt;
use support::{PLAN, app, app_jar, error, mvnw, mvnw_building, mvnw_log, workspace};

#[test]
fn mvnw_builds_with_the_binding_settings_and_the_jar_replaces_the_source() {
    let workspace = workspace();
    app(&workspace);
    app_jar(&workspace, "app.jar");
    mvnw_building(&workspace, &["app.jar"]);
    // Committed without the executable bit.
    fs_err::set_permissions(
        workspace.app_dir.join("mvnw"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    workspace.binding(
        "corporate",
        "maven",
        &[
            ("settings.xml", "<settings/>"),
            ("settings-security.xml", "<settingsSecurity/>"),
        ],
    );
    workspace.platform_env("BP_MAVEN_ADDITIONAL_BUILD_ARGUMENTS", "-Dx='a b'");
    workspace.platform_env("BP_MAVEN_ACTIVE_PROFILES", "prod");
    let output = workspace.build_ok(PLAN);
    let log = output.stdout;
    assert!(log.contains("Made mvnw executable"), "{log}");
    assert!(log.contains("Settings: settings.xml from the `maven` binding `corporate`, with its settings-security.xml"), "{log}");
    assert!(log.contains("Starting an empty cache"), "{log}");

    let bindings = workspace.platform_dir.join("bindings/corporate");
    let cache = workspace.buildpack_layers().join("cache");
    let recorded = mvnw_log(&workspace);
    assert_eq!(
        recorded.lines().collect::<Vec<_>>(),
        [
            format!(
                "-Dsettings.security={} --settings={} --batch-mode -Dmaven.repo.local={} \
                 -Dmaven.test.skip=true --no-transfer-progress package -Dx=a b -P prod",
                bindings.join("settings-security.xml").display(),
                bindings.join("settings.xml").display(),
                cache.join("repository").display()
            ),
            format!("MAVEN_USER_HOME={}", cache.display()),
        ]
    );

    let names = integration_tests::support::names_in(&workspace.app_dir);
    assert_eq!(
        names,
        ["App.class", "META-INF"],
        "only the exploded jar is left"
    );

    let sbom: serde_json::Value = serde_json::from_str(
        &fs_err::read_to_string(workspace.buildpack_layers().join("launch.sbom.cdx.json"))
            .expect("sbom"),
    )
    .expect("json");
    assert_eq!(sbom["components"][0]["name"], "gson");
    assert_eq!(sbom["components"][0]["version"], "2.11.0");
    assert_eq!(
        sbom["components"][0]["purl"],
        "pkg:maven/com.google.code.gson/gson@2.11.0"
    );
    let toml = fs_err::read_to_string(workspace.buildpack_layers().join("cache.toml"))
        .expect("cache.toml");
    assert!(
        toml.contains("cache = true") && toml.contains("launch = false"),
        "{toml}"
    );
}

#[test]
fn a_rebuild_restores_the_local_repository() {
    let workspace = workspace();
    for build in 0..2 {
        app(&workspace);
        app_jar(&workspace, "app.jar");
        mvnw_building(&workspace, &["app.jar"]);
        let log = workspace.build_ok(PLAN).stdout;
        if build == 1 {
            assert!(
                log.contains("Restored from the cache: the local Maven repository (~/.m2) of the last build is restored"),
                "{log}"
            );
        }
    }
    let repository = workspace
        .buildpack_layers()
        .join("cache/repository/g/lib.pom");
    assert!(repository.exists(), "what Maven downloaded is kept");
}

#[test]
fn built_module_and_built_artifact_choose_the_artifact() {
    let workspace = workspace();
    app(&workspace);
    app_jar(&workspace, "app.jar");
    app_jar(&workspace, "original-app.jar");
    mvnw(
        &workspace,
        "mkdir -p web/target\ncp .jars/app.jar web/target/app.war",
    );
    workspace.platform_env("BP_MAVEN_BUILT_MODULE", "web");
    let log = workspace.build_ok(PLAN).stdout;
    assert!(log.contains("Built artifact: web/target/app.war"), "{log}");
    assert!(workspace.app_dir.join("App.class").exists());

    let workspace = support::workspace();
    app(&workspace);
    app_jar(&workspace, "app.jar");
    app_jar(&workspace, "original-app.jar");
    mvnw_building(&workspace, &["app.jar", "original-app.jar"]);
    workspace.platform_env("BP_MAVEN_BUILT_ARTIFACT", "target/app.jar");
    let log = workspace.build_ok(PLAN).stdout;
    assert!(log.contains("Built artifact: target/app.jar"), "{log}");
}

/// Runs a failing build and checks the source is still there.
fn failing(workspace: &integration_tests::direct::Workspace) -> String {
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        workspace.app_dir.join("pom.xml").exists(),
        "the source stays"
    );
    assert!(
        !workspace
            .buildpack_layers()
            .join("launch.sbom.cdx.json")
            .exists()
    );
    error(workspace, &output)
}

#[test]
fn a_malformed_pom_fails_with_its_line_before_maven_runs() {
    let workspace = workspace();
    workspace.app_file(
        "pom.xml",
        "<project>\n  <groupId>com.example</groupId>\n  <artifactId>app</artifactid>\n</project>\n",
    );
    mvnw_building(&workspace, &[]);
    insta::assert_snapshot!(failing(&workspace));
    assert_eq!(mvnw_log(&workspace), "", "Maven did not run");
}

#[test]
fn a_maven_failure_names_the_exit_code_and_repeats_the_last_lines() {
    let workspace = workspace();
    app(&workspace);
    mvnw(
        &workspace,
        "echo '[ERROR] COMPILATION ERROR : App.java:[1,7] cannot find symbol'\necho '[INFO] BUILD FAILURE'\nexit 1",
    );
    insta::assert_snapshot!(failing(&workspace));
}

#[test]
fn no_built_artifact_lists_the_target_folder() {
    let workspace = workspace();
    app(&workspace);
    mvnw_building(&workspace, &[]);
    insta::assert_snapshot!(failing(&workspace));
}

#[test]
fn several_artifacts_are_listed_and_name_the_variable() {
    let workspace = workspace();
    app(&workspace);
    app_jar(&workspace, "app.jar");
    app_jar(&workspace, "original-app.jar");
    mvnw_building(&workspace, &["app.jar", "original-app.jar"]);
    insta::assert_snapshot!(failing(&workspace));
}

#[test]
fn a_maven_binding_without_settings_xml_fails() {
    let workspace = workspace();
    app(&workspace);
    mvnw_building(&workspace, &[]);
    workspace.binding("corporate", "maven", &[("settings-security.xml", "<x/>")]);
    insta::assert_snapshot!(failing(&workspace));
    assert_eq!(mvnw_log(&workspace), "", "Maven did not run");
}

#[test]
fn an_mvnw_with_windows_line_endings_is_not_runnable() {
    let workspace = workspace();
    app(&workspace);
    workspace.app_file("mvnw", "#!/bin/sh\r\necho hi\r\n");
    insta::assert_snapshot!(failing(&workspace));
}
