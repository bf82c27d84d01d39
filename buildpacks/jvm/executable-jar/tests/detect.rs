//! Detect as the lifecycle runs it: always passes, as Paketo's does; an app with a jar (or an
//! exploded jar) with a Main-Class also provides `jvm-application-package` and claims `web`.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::{EXECUTABLE, LIBRARY, jar, workspace};

const WITH_PACKAGE: &str = r#"
    [[provides]]
    name = "jvm-application"

    [[provides]]
    name = "jvm-application-package"

    [[requires]]
    name = "jre"
    [requires.metadata]
    launch = true

    [[requires]]
    name = "jvm-application-package"
    [requires.metadata]

    [[requires]]
    name = "jvm-application"
    [requires.metadata]

    [[provides]]
    name = "web-process"

    [[requires]]
    name = "web-process"
    [requires.metadata]
    buildpack = "stowage/executable-jar"
"#;

const WITHOUT_PACKAGE: &str = r#"
    [[provides]]
    name = "jvm-application"

    [[requires]]
    name = "jre"
    [requires.metadata]
    launch = true

    [[requires]]
    name = "jvm-application-package"
    [requires.metadata]

    [[requires]]
    name = "jvm-application"
    [requires.metadata]
"#;

fn plan(text: &str) -> toml::Table {
    text.parse().expect("toml")
}

#[test]
fn a_jar_with_main_class_provides_the_package_needs_a_jre_at_launch_and_claims_web() {
    let workspace = workspace();
    jar(&workspace, "target/app.jar", Some(EXECUTABLE));
    let (output, written) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(written, plan(WITH_PACKAGE));
}

#[test]
fn an_exploded_jar_provides_the_package() {
    let workspace = workspace();
    workspace.app_file("META-INF/MANIFEST.MF", EXECUTABLE);
    workspace.app_file("com/example/App.class", "");
    let (output, written) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(written, plan(WITH_PACKAGE));
}

#[test]
fn without_a_main_class_it_passes_but_needs_another_buildpack_to_package_the_app() {
    let workspace = workspace();
    workspace.app_file("pom.xml", "<project/>");
    let (output, written) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(written, plan(WITHOUT_PACKAGE));
    jar(&workspace, "lib/library.jar", Some(LIBRARY));
    jar(&workspace, "lib/bare.jar", None);
    workspace.app_file("META-INF/MANIFEST.MF", LIBRARY);
    assert_eq!(workspace.detect().1, plan(WITHOUT_PACKAGE));
}

#[test]
fn bp_executable_jar_location_limits_the_search() {
    let workspace = workspace();
    jar(&workspace, "build/libs/app.jar", Some(EXECUTABLE));
    workspace.platform_env("BP_EXECUTABLE_JAR_LOCATION", "build/libs/*.jar");
    assert_eq!(workspace.detect().1, plan(WITH_PACKAGE));
}

#[test]
fn what_build_cannot_read_counts_as_found_so_that_build_reports_it() {
    // A jar that is not a zip, a malformed manifest, and a location with no executable jar
    // still give the package: build then fails once with the reason, rather than the app
    // detecting as nothing.
    let broken = workspace();
    broken.app_file("target/app.jar", "not a zip");
    assert_eq!(broken.detect().1, plan(WITH_PACKAGE));

    let malformed = workspace();
    malformed.app_file("META-INF/MANIFEST.MF", "Main-Class:com.example.App\n");
    assert_eq!(malformed.detect().1, plan(WITH_PACKAGE));

    let elsewhere = workspace();
    jar(&elsewhere, "target/app.jar", Some(EXECUTABLE));
    elsewhere.platform_env("BP_EXECUTABLE_JAR_LOCATION", "build/libs/*.jar");
    assert_eq!(elsewhere.detect().1, plan(WITH_PACKAGE));
}
