//! Detect passes for any app, with Paketo's plan: it provides `spring-boot` and requires it
//! and `jvm-application` (executable-jar's).

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

#[test]
fn detect_passes_with_the_spring_boot_plan() {
    let workspace = integration_tests::workspace!("spring-boot");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(plan["provides"][0]["name"].as_str(), Some("spring-boot"));
    let required: Vec<&str> = plan["requires"]
        .as_array()
        .expect("requires")
        .iter()
        .map(|entry| entry["name"].as_str().expect("name"))
        .collect();
    assert_eq!(required, ["jvm-application", "spring-boot"]);
}
