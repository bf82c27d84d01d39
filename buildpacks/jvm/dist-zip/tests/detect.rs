//! Detect always passes; exactly one start script makes the app a package (and claims `web`).

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

fn provides(plan: &toml::Table) -> Vec<String> {
    plan["provides"]
        .as_array()
        .expect("provides")
        .iter()
        .map(|entry| entry["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn one_script_is_a_package_and_none_or_two_are_not() {
    let workspace = integration_tests::workspace!("dist-zip");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(provides(&plan), ["jvm-application"]);

    workspace.app_file("app/bin/app", "#!/bin/sh\n");
    workspace.app_file("app/bin/app.bat", "@echo off\n");
    workspace.app_file("app/lib/app.jar", "");
    let (_, plan) = workspace.detect();
    assert_eq!(
        provides(&plan),
        ["jvm-application", "jvm-application-package", "web-process"]
    );

    workspace.app_file("app/bin/tool", "#!/bin/sh\n");
    assert_eq!(provides(&workspace.detect().1), ["jvm-application"]);
    workspace.platform_env("BP_APPLICATION_SCRIPT", "app/bin/tool");
    assert!(provides(&workspace.detect().1).contains(&"jvm-application-package".to_string()));
}
