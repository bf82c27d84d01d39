//! Detect: an app with a POM builds with Maven and needs a JDK; an exploded jar or an app
//! without a POM does not detect.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

const POM: &str = "<project>\n  <modelVersion>4.0.0</modelVersion>\n</project>\n";

fn workspace() -> integration_tests::direct::Workspace {
    integration_tests::workspace!("maven")
}

#[test]
fn a_pom_provides_the_package_and_requires_a_jdk() {
    let workspace = workspace();
    workspace.app_file("pom.xml", POM);
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    // {jvm-application-package, maven} when a launcher asks for the package, else {maven}.
    insta::assert_snapshot!(toml::to_string(&plan).expect("toml"));
}

#[test]
fn no_pom_or_an_exploded_jar_does_not_detect() {
    let workspace = workspace();
    workspace.app_file("build.gradle", "");
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.app_file("pom.xml", POM);
    workspace.app_file("META-INF/MANIFEST.MF", "Main-Class: App\n");
    assert_eq!(workspace.detect().0.code, Some(100));
}

#[test]
fn bp_maven_pom_file_names_the_pom() {
    let workspace = workspace();
    workspace.app_file("build/app.xml", POM);
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.platform_env("BP_MAVEN_POM_FILE", "build/app.xml");
    assert_eq!(workspace.detect().0.code, Some(0));
}
