//! Detect on config.ru and the Gemfile's unicorn line; build sets Unicorn as the `web`
//! process on `$PORT`.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

#[test]
fn detects_unicorn_with_a_config_ru_and_runs_it_on_port() {
    let workspace = integration_tests::workspace!("unicorn");
    workspace.app_file("Gemfile", "gem 'unicorn'\n");
    assert_eq!(workspace.detect().0.code, Some(100), "no config.ru");
    workspace.app_file("config.ru", "run App\n");
    workspace.app_file("Gemfile", "group :web do\n  gem 'unicorn'\nend\n");
    assert_eq!(workspace.detect().0.code, Some(100), "an indented line");

    workspace.app_file("Gemfile", "gem 'unicorn'\n");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(
        Workspace::required(&plan),
        ["gems", "bundler", "mri", "web-process"]
    );

    workspace.build_ok("");
    assert_eq!(
        workspace.processes(),
        [(
            "web".to_string(),
            vec![
                "bash".to_string(),
                "-c".to_string(),
                "exec bundle exec unicorn --listen \"${PORT:-8080}\"".to_string()
            ],
            true
        )]
    );
}
