//! dotnet-execute run as the lifecycle runs it: detect's plan (ICU at launch, always) and
//! the start command of an app kept under `BP_DOTNET_PROJECT_PATH`, which detect finds there
//! and build must find there too.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

const RUNTIMECONFIG: &str =
    r#"{"runtimeOptions":{"framework":{"name":"Microsoft.NETCore.App","version":"3.1.0"}}}"#;

#[test]
fn an_app_under_the_project_path_detects_and_starts_from_there() {
    let workspace = integration_tests::workspace!("dotnet-execute");
    workspace.app_file("src/Web/Web.runtimeconfig.json", RUNTIMECONFIG);
    workspace.app_file("src/Web/Web.dll", "MZ");
    workspace.platform_env("BP_DOTNET_PROJECT_PATH", "src/Web");

    let (detect, plan) = workspace.detect();
    assert_eq!(detect.code, Some(0), "{}", detect.log());
    let plan = toml::to_string(&plan).expect("plan");
    for required in ["\"icu\"", "\"dotnet-core-aspnet-runtime\""] {
        assert!(plan.contains(required), "{required} in {plan}");
    }

    let build = workspace.build_ok("");
    let app = workspace.app_dir.display();
    assert!(
        build.stdout.contains(&format!(
            "Web (framework-dependent): dotnet {app}/src/Web/Web.dll"
        )),
        "{}",
        build.stdout
    );
    let launch = fs_err::read_to_string(workspace.buildpack_layers().join("launch.toml"))
        .expect("launch.toml");
    assert!(
        launch.contains(&format!("{app}/src/Web/Web.dll")),
        "{launch}"
    );
}

#[test]
fn without_the_variable_the_app_root_is_searched_and_nothing_is_found() {
    let workspace = integration_tests::workspace!("dotnet-execute");
    workspace.app_file("src/Web/Web.runtimeconfig.json", RUNTIMECONFIG);
    let (detect, _) = workspace.detect();
    assert_eq!(detect.code, Some(100), "{}", detect.log());
}
