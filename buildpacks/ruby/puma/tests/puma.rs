//! Detect on the Gemfile's puma line; build sets Puma as the `web` process on `$PORT`.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

#[test]
fn detects_puma_in_the_gemfile_and_runs_it_on_port() {
    let workspace = integration_tests::workspace!("puma");
    workspace.app_file("Gemfile", "source 'https://rubygems.org'\ngem 'rack'\n");
    assert_eq!(workspace.detect().0.code, Some(100), "no puma");
    workspace.app_file("Gemfile", "# gem 'puma'\ngem 'puma-status'\n");
    assert_eq!(
        workspace.detect().0.code,
        Some(100),
        "a comment or another gem"
    );

    workspace.app_file(
        "Gemfile",
        "group :web do\n  gem \"puma\", \"~> 5.6\"\nend\n",
    );
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(
        Workspace::required(&plan),
        ["gems", "bundler", "mri", "web-process"]
    );

    let output = workspace.build_ok("");
    assert!(
        output
            .log()
            .contains("web (default): exec bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}"),
        "{}",
        output.log()
    );
    assert_eq!(
        workspace.processes(),
        [(
            "web".to_string(),
            vec![
                "bash".to_string(),
                "-c".to_string(),
                "exec bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}".to_string()
            ],
            true
        )]
    );
}
