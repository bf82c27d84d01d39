//! Detect: a Gradle build file (or `BP_GRADLE_BUILD_FILE`) makes the app Gradle's.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

#[test]
fn each_build_file_passes_with_the_plan_and_others_fail() {
    for file in [
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "settings.gradle.kts",
    ] {
        let workspace = integration_tests::workspace!("gradle");
        workspace.app_file(file, "");
        let (output, plan) = workspace.detect();
        assert_eq!(output.code, Some(0), "{file}: {}", output.log());
        let provides: Vec<&str> = plan["provides"]
            .as_array()
            .expect("provides")
            .iter()
            .map(|entry| entry["name"].as_str().expect("name"))
            .collect();
        assert_eq!(provides, ["jvm-application-package", "gradle"]);
        let requires: Vec<&str> = plan["requires"]
            .as_array()
            .expect("requires")
            .iter()
            .map(|entry| entry["name"].as_str().expect("name"))
            .collect();
        assert_eq!(requires, ["jdk", "gradle"]);
    }
    let workspace = integration_tests::workspace!("gradle");
    workspace.app_file("pom.xml", "<project/>");
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.app_file("build/custom.gradle", "");
    workspace.platform_env("BP_GRADLE_BUILD_FILE", "build/custom.gradle");
    assert_eq!(workspace.detect().0.code, Some(0));
}
