//! Build as the lifecycle runs it: the processes that run the jar (or the exploded jar with its
//! class path), the log, and the errors, which leave no layer behind.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use integration_tests::direct::Workspace;
use libcnb::Env;
use libcnb::layer_env::{LayerEnv, Scope};
use support::{EXECUTABLE, LIBRARY, jar, workspace};

const PLAN: &str = "[[entries]]\nname = \"jvm-application\"\n\n\
                    [[entries]]\nname = \"jvm-application-package\"\n";

fn launch_toml(workspace: &Workspace) -> toml::Table {
    fs_err::read_to_string(workspace.buildpack_layers().join("launch.toml"))
        .expect("launch.toml")
        .parse()
        .expect("toml")
}

/// Each process as (type, command, default), in file order.
fn processes(workspace: &Workspace) -> Vec<(String, Vec<String>, bool)> {
    let launch = launch_toml(workspace);
    launch["processes"]
        .as_array()
        .expect("processes")
        .iter()
        .map(|process| {
            let command = process["command"]
                .as_array()
                .expect("command")
                .iter()
                .map(|part| part.as_str().expect("string").to_string())
                .collect();
            let default = process
                .get("default")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false);
            (
                process["type"].as_str().expect("type").to_string(),
                command,
                default,
            )
        })
        .collect()
}

fn expected(command: &[String]) -> Vec<(String, Vec<String>, bool)> {
    [("executable-jar", false), ("task", false), ("web", true)]
        .into_iter()
        .map(|(kind, default)| (kind.to_string(), command.to_vec(), default))
        .collect()
}

fn no_layers(workspace: &Workspace) {
    let layers = workspace.buildpack_layers();
    assert!(!layers.join("launch.toml").exists());
    assert!(!layers.join("classpath").exists());
    assert!(!layers.join("classpath.toml").exists());
}

#[test]
fn a_jar_runs_with_java_dash_jar_as_web_task_and_executable_jar() {
    let workspace = workspace();
    jar(&workspace, "target/app.jar", Some(EXECUTABLE));
    let output = workspace.build_ok(PLAN);
    insta::assert_snapshot!(output.stdout);
    let jar = workspace.app_dir.join("target/app.jar");
    assert_eq!(
        processes(&workspace),
        expected(&[
            "java".to_string(),
            "-jar".to_string(),
            jar.display().to_string()
        ])
    );
    // java reads the jar's own Class-Path: no class path layer.
    assert!(!workspace.buildpack_layers().join("classpath").exists());
}

#[test]
fn an_exploded_jar_runs_its_main_class_with_the_app_and_its_class_path() {
    let workspace = workspace();
    workspace.app_file(
        "META-INF/MANIFEST.MF",
        "Manifest-Version: 1.0\r\nClass-Path: lib/spring-core-6.1.4.jar lib/spring-jcl-6.1.4.jar lib/jac\r\n kson-databind-2.16.1.jar\r\nMain-Class: com.example.App\r\n\r\n",
    );
    workspace.app_file("com/example/App.class", "");
    jar(&workspace, "lib/other.jar", Some("Main-Class: not.This\n"));
    let output = workspace.build_ok(PLAN);
    insta::assert_snapshot!(output.stdout);
    assert_eq!(
        processes(&workspace),
        expected(&["java".to_string(), "com.example.App".to_string()])
    );

    let layers = workspace.buildpack_layers();
    let layer_toml: toml::Table = fs_err::read_to_string(layers.join("classpath.toml"))
        .expect("classpath.toml")
        .parse()
        .expect("toml");
    assert_eq!(layer_toml["types"]["launch"].as_bool(), Some(true));
    // What the launcher makes of it, before a CLASSPATH a later buildpack or the user set.
    let mut base = Env::new();
    base.insert("CLASSPATH", "/layers/other/extra.jar");
    let launch = LayerEnv::read_from_layer_dir(layers.join("classpath"))
        .expect("layer env")
        .apply(Scope::Launch, &base);
    let app = workspace.app_dir.display().to_string();
    assert_eq!(
        launch.get_string_lossy("CLASSPATH"),
        Some(format!(
            "{app}:{app}/lib/spring-core-6.1.4.jar:{app}/lib/spring-jcl-6.1.4.jar:{app}/lib/jackson-databind-2.16.1.jar:/layers/other/extra.jar"
        ))
    );
}

#[test]
fn bp_executable_jar_location_picks_the_jar() {
    let workspace = workspace();
    jar(
        &workspace,
        "a-tool.jar",
        Some("Main-Class: com.example.Tool\n"),
    );
    jar(&workspace, "build/libs/app-plain.jar", Some(LIBRARY));
    jar(&workspace, "build/libs/app.jar", Some(EXECUTABLE));
    // Without it, the first jar of the walk wins.
    workspace.build_ok(PLAN);
    let first = workspace.app_dir.join("a-tool.jar").display().to_string();
    assert_eq!(processes(&workspace)[2].1[2], first);

    workspace.platform_env("BP_EXECUTABLE_JAR_LOCATION", "build/libs/*.jar");
    let output = workspace.build_ok(PLAN);
    insta::assert_snapshot!(output.stdout);
    let chosen = workspace
        .app_dir
        .join("build/libs/app.jar")
        .display()
        .to_string();
    assert_eq!(processes(&workspace)[2].1[2], chosen);
}

#[test]
fn without_a_main_class_no_process_is_added() {
    let workspace = workspace();
    jar(&workspace, "lib/library.jar", Some(LIBRARY));
    let output = workspace.build_ok(PLAN);
    insta::assert_snapshot!(output.stdout);
    no_layers(&workspace);
}

#[test]
fn a_later_buildpack_that_sets_web_is_named() {
    let workspace = workspace();
    jar(&workspace, "app.jar", Some(EXECUTABLE));
    let claims = "[[entries]]\nname = \"web-process\"\n[entries.metadata]\nbuildpack = \"stowage/executable-jar\"\n\n\
                  [[entries]]\nname = \"web-process\"\n[entries.metadata]\nbuildpack = \"stowage/procfile\"\n";
    let output = workspace.build_ok(&format!("{PLAN}\n{claims}"));
    assert!(
        output
            .stdout
            .contains("web: replaced by the web process of stowage/procfile"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_location_without_an_executable_jar_fails_naming_what_it_matched() {
    let workspace = workspace();
    jar(&workspace, "target/app.jar", Some(EXECUTABLE));
    jar(&workspace, "build/libs/app-plain.jar", Some(LIBRARY));
    workspace.platform_env("BP_EXECUTABLE_JAR_LOCATION", "build/libs/*.jar");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
    no_layers(&workspace);
}

#[test]
fn a_jar_that_is_not_a_zip_fails() {
    let workspace = workspace();
    workspace.app_file("target/app.jar", "<html>404 Not Found</html>");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
    no_layers(&workspace);
}

#[test]
fn a_malformed_manifest_fails_with_its_line() {
    let workspace = workspace();
    workspace.app_file(
        "META-INF/MANIFEST.MF",
        "Manifest-Version: 1.0\nClass-Path: lib/a.jar\nMain-Class: com.example.App",
    );
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
    no_layers(&workspace);
}
