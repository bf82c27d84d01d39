//! Build as the lifecycle runs it, with a stand-in `gradlew` (a shell script that records its
//! arguments, environment and folder, then makes `build/libs/*.jar`): Gradle's real builds need
//! Gradle distributions this test machine cannot download. Arguments, bindings, the cached
//! user home, the artifact replacing the source, and every error.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;

const PLAN: &str =
    "[[entries]]\nname = \"gradle\"\n\n[[entries]]\nname = \"jvm-application-package\"\n";

fn jar(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(content.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A Gradle app whose `gradlew` logs to `$HOME/gradlew.log`, writes a file into
/// `GRADLE_USER_HOME`, then runs `body`. Committed without the executable bit.
fn app(body: &str) -> Workspace {
    let workspace = integration_tests::workspace!("gradle");
    workspace.app_file("build.gradle", "plugins { id 'java' }\n");
    workspace.app_file("src/main/java/App.java", "class App {}\n");
    fs_err::create_dir_all(workspace.app_dir.join(".jars")).expect("mkdir");
    fs_err::write(
        workspace.app_dir.join(".jars/app.jar"),
        jar(&[
            (
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nMain-Class: App\n",
            ),
            ("App.class", ""),
        ]),
    )
    .expect("write");
    workspace.app_file(
        "gradlew",
        &format!(
            "#!/bin/sh\n{{ echo \"args: $*\"; echo \"home: $GRADLE_USER_HOME\"; echo \"pwd: $(pwd)\";\n\
             ls \"$GRADLE_USER_HOME\" | sed 's/^/cached: /'; }} >> \"$HOME/gradlew.log\"\n\
             touch \"$GRADLE_USER_HOME/caches-$(date +%s%N)\"\n\
             echo '> Task :compileJava'\n{body}\n"
        ),
    );
    workspace
}

const BUILDS_JAR: &str = "mkdir -p build/libs && cp .jars/app.jar build/libs/app.jar";

fn log(workspace: &Workspace) -> String {
    fs_err::read_to_string(workspace.root.path().join("gradlew.log")).unwrap_or_default()
}

#[test]
fn gradlew_builds_with_the_default_arguments_and_the_jar_replaces_the_source() {
    let workspace = app(BUILDS_JAR);
    let output = workspace.build_ok(PLAN);
    let recorded = log(&workspace);
    assert!(
        recorded.contains("args: --no-daemon -Dorg.gradle.welcome=never assemble\n"),
        "{recorded}"
    );
    let cache = workspace.buildpack_layers().join("cache");
    assert!(
        recorded.contains(&format!("home: {}\n", cache.display())),
        "{recorded}"
    );
    assert!(
        recorded.contains(&format!("pwd: {}\n", workspace.app_dir.display())),
        "{recorded}"
    );
    assert!(
        output.stdout.contains("Made gradlew executable"),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("> Task :compileJava"),
        "Gradle's output is shown"
    );
    assert!(
        output.stdout.contains("Built artifact: build/libs/app.jar"),
        "{}",
        output.stdout
    );
    let names = integration_tests::support::names_in(&workspace.app_dir);
    assert_eq!(names, ["App.class", "META-INF"], "the source is gone");
    let layer = fs_err::read_to_string(workspace.buildpack_layers().join("cache.toml"))
        .expect("cache.toml");
    assert!(
        layer.contains("cache = true") && layer.contains("launch = false"),
        "{layer}"
    );
}

#[test]
fn the_user_home_is_kept_for_the_next_build() {
    let workspace = app(BUILDS_JAR);
    workspace.build_ok(PLAN);
    // A new source, as the next build gets it; the layers stay.
    fs_err::remove_dir_all(&workspace.app_dir).expect("rm");
    fs_err::create_dir_all(&workspace.app_dir).expect("mkdir");
    let again = app(BUILDS_JAR);
    for entry in fs_err::read_dir(&again.app_dir).expect("ls") {
        let entry = entry.expect("entry");
        fs_err::rename(entry.path(), workspace.app_dir.join(entry.file_name())).expect("mv");
    }
    let output = workspace.build_ok(PLAN);
    assert!(
        output.stdout.contains("Restored from the cache"),
        "{}",
        output.stdout
    );
    let recorded = log(&workspace);
    let second = recorded.rsplit("args: ").next().expect("second run");
    assert!(
        second.contains("cached: caches-"),
        "the first build's file is there: {recorded}"
    );
}

#[test]
fn arguments_and_bindings_reach_gradle() {
    let workspace = app(&format!(
        "{BUILDS_JAR}\ncp \"$GRADLE_USER_HOME/gradle.properties\" build/props-seen\ncp gradle/wrapper/gradle-wrapper.properties build/wrapper-seen"
    ));
    workspace.app_file(
        "gradle/wrapper/gradle-wrapper.properties",
        "distributionUrl=https\\://upstream/gradle.zip\n",
    );
    workspace.platform_env("BP_GRADLE_BUILD_ARGUMENTS", "--no-daemon bootJar");
    workspace.platform_env("BP_GRADLE_ADDITIONAL_BUILD_ARGUMENTS", "-Penv='pre prod'");
    workspace.binding("props", "gradle", &[("gradle.properties", "repoUser=me\n")]);
    workspace.binding(
        "wrapper",
        "gradle-wrapper",
        &[(
            "gradle-wrapper.properties",
            "distributionUrl=https\\://mirror/gradle.zip\n",
        )],
    );
    workspace.platform_env("BP_GRADLE_BUILT_ARTIFACT", "build/libs/app.jar");
    let output = workspace.build_ok(PLAN);
    assert!(
        log(&workspace).contains("args: --no-daemon bootJar -Penv=pre prod\n"),
        "{}",
        log(&workspace)
    );
    assert!(
        output.stdout.contains(
            "Binding props (type gradle): gradle.properties → ~/.gradle/gradle.properties"
        ),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("Binding wrapper (type gradle-wrapper): gradle-wrapper.properties → gradle/wrapper/gradle-wrapper.properties"), "{}", output.stdout);
    let home = workspace.buildpack_layers().join("cache");
    assert_eq!(
        fs_err::read_to_string(home.join("gradle.properties")).expect("props"),
        "repoUser=me\n"
    );
}

#[test]
fn a_module_and_a_war() {
    let workspace = app(
        "mkdir -p web/build/libs && cp .jars/app.jar web/build/libs/web.war && mkdir -p build/libs && cp .jars/app.jar build/libs/other.jar",
    );
    workspace.platform_env("BP_GRADLE_BUILT_MODULE", "web");
    let output = workspace.build_ok(PLAN);
    assert!(
        output
            .stdout
            .contains("Built artifact: web/build/libs/web.war"),
        "{}",
        output.stdout
    );
    assert!(workspace.app_dir.join("App.class").is_file());
}

fn fails(workspace: &Workspace) -> String {
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    output
        .error_head()
        .replace(&workspace.app_dir.display().to_string(), "<app>")
}

#[test]
fn a_failed_build_shows_the_exit_code_and_gradles_last_lines() {
    let workspace = app(
        "echo '* What went wrong:' >&2\necho 'Could not resolve com.example:lib:1.0.' >&2\nexit 3",
    );
    let error = fails(&workspace);
    insta::assert_snapshot!(error);
    assert!(
        workspace.app_dir.join("build.gradle").is_file(),
        "the source is left"
    );
}

#[test]
fn no_artifact_fails_listing_build_libs() {
    let workspace = app("mkdir -p build/libs && echo x > build/libs/app.zip");
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn several_artifacts_fail() {
    let workspace = app(&format!(
        "{BUILDS_JAR}\ncp .jars/app.jar build/libs/app-plain.jar"
    ));
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn an_artifact_that_is_not_a_zip_leaves_the_source() {
    let workspace = app("mkdir -p build/libs && echo 'not a zip' > build/libs/app.jar");
    let error = fails(&workspace);
    assert!(error.contains("gradle/artifact-unreadable"), "{error}");
    assert!(workspace.app_dir.join("build.gradle").is_file());
    assert!(!workspace.app_dir.join(".stowage-gradle-exploded").exists());
}

#[test]
fn a_gradlew_with_windows_line_endings_does_not_run() {
    let workspace = app(BUILDS_JAR);
    let text = fs_err::read_to_string(workspace.app_dir.join("gradlew")).expect("read");
    workspace.app_file("gradlew", &text.replace('\n', "\r\n"));
    insta::assert_snapshot!(fails(&workspace));
    assert_eq!(log(&workspace), "", "gradlew did not run");
}

#[test]
fn a_gradle_binding_without_its_file_fails() {
    let workspace = app(BUILDS_JAR);
    workspace.binding("props", "gradle", &[("settings", "x")]);
    insta::assert_snapshot!(fails(&workspace));
    assert_eq!(log(&workspace), "", "Gradle did not run");
}

#[test]
fn unclosed_quotes_in_the_arguments_fail_before_gradle_runs() {
    let workspace = app(BUILDS_JAR);
    workspace.platform_env("BP_GRADLE_ADDITIONAL_BUILD_ARGUMENTS", "-Pa='b");
    insta::assert_snapshot!(fails(&workspace));
    assert_eq!(log(&workspace), "");
    let mode = fs_err::metadata(workspace.app_dir.join("gradlew"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0, "nothing was touched");
}
