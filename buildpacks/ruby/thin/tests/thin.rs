//! Detect on the Gemfile's thin line; build sets Thin as the `web` process on `$PORT`, with
//! the configuration file `BP_THIN_CONFIG_LOCATION` or thin.yml names, and config.ru.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

/// The script the default `web` process's `bash -c` runs.
fn web(workspace: &Workspace) -> String {
    let command = workspace.default_web_command();
    command
        .strip_prefix("bash -c ")
        .unwrap_or_else(|| panic!("not run by bash -c: {command}"))
        .to_string()
}

#[test]
fn detects_thin_and_runs_it_on_port_with_its_configuration() {
    let workspace = integration_tests::workspace!("thin");
    workspace.app_file("Gemfile", "  gem 'thin'\n");
    assert_eq!(workspace.detect().0.code, Some(100), "an indented line");
    workspace.app_file("Gemfile", "gem 'thin'\n");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(
        Workspace::required(&plan),
        ["gems", "bundler", "mri", "web-process"]
    );

    workspace.build_ok("");
    assert_eq!(
        web(&workspace),
        "exec bundle exec thin -p \"${PORT:-3000}\" start"
    );

    let app = workspace.app_dir.display().to_string();
    workspace.app_file("config.ru", "run App\n");
    workspace.app_file("thin.yml", "threaded: true\n");
    workspace.build_ok("");
    assert_eq!(
        web(&workspace),
        format!(
            "exec bundle exec thin -C '{app}/thin.yml' -R '{app}/config.ru' -p \"${{PORT:-3000}}\" start"
        )
    );

    workspace.app_file("config/thin.yml", "threaded: false\n");
    workspace.platform_env("BP_THIN_CONFIG_LOCATION", "config/thin.yml");
    let output = workspace.build_ok("");
    assert!(
        output
            .log()
            .contains(&format!("Thin's configuration: {app}/config/thin.yml")),
        "{}",
        output.log()
    );
    assert!(
        web(&workspace).starts_with(&format!(
            "exec bundle exec thin -C '{app}/config/thin.yml' "
        )),
        "{}",
        web(&workspace)
    );
}

#[test]
fn a_config_location_naming_no_file_fails() {
    let workspace = integration_tests::workspace!("thin");
    workspace.app_file("Gemfile", "gem 'thin'\n");
    workspace.platform_env("BP_THIN_CONFIG_LOCATION", "config/missing.yml");
    let output = workspace.build("");
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        output
            .stderr
            .contains("[thin/config-not-found] Thin's configuration file was not found"),
        "{}",
        output.log()
    );
    assert!(
        !workspace.buildpack_layers().join("launch.toml").exists(),
        "no process without its configuration"
    );
}
