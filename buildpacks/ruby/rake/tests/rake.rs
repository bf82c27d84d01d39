//! Detect on a Rakefile (Ruby's gems too when the Gemfile names rake); build sets the `web`
//! process to run the default task or `BP_RAKE_TASK`, through Bundler when rake is a gem.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;

#[test]
fn a_rakefile_runs_with_mris_rake_or_the_gemfiles() {
    let workspace = integration_tests::workspace!("rake");
    workspace.app_file("Gemfile", "gem 'rake'\n");
    let (output, _) = workspace.detect();
    assert_eq!(output.code, Some(100), "no Rakefile");
    // The last Ruby group says what a Gemfile app lacks; the lifecycle shows it if nothing passes.
    assert!(
        output.log().contains("! ERROR [ruby/no-server]"),
        "{}",
        output.log()
    );

    for name in ["Rakefile", "Rakefile.rb", "rakefile", "rakefile.rb"] {
        let workspace = integration_tests::workspace!("rake");
        workspace.app_file(name, "task default: []\n");
        let (output, plan) = workspace.detect();
        assert_eq!(output.code, Some(0), "{name}: {}", output.log());
        assert_eq!(Workspace::required(&plan), ["mri", "web-process"], "{name}");
    }

    workspace.app_file("rakefile.rb", "task default: []\n");
    let (_, plan) = workspace.detect();
    assert_eq!(
        Workspace::required(&plan),
        ["mri", "gems", "bundler", "web-process"]
    );
    let output = workspace.build_ok("");
    assert!(
        output.log().contains("The Rakefile's default task"),
        "{}",
        output.log()
    );
    assert_eq!(
        workspace.default_web_command(),
        "bash -c exec bundle exec rake"
    );

    workspace.platform_env("BP_RAKE_TASK", "db:migrate");
    let output = workspace.build_ok("");
    assert!(
        output.log().contains("Task db:migrate, from BP_RAKE_TASK"),
        "{}",
        output.log()
    );
    assert_eq!(
        workspace.default_web_command(),
        "bash -c exec bundle exec rake db:migrate"
    );

    workspace.app_file("Gemfile", "gem 'rack'\n");
    workspace.build_ok("");
    assert_eq!(
        workspace.default_web_command(),
        "bash -c exec rake db:migrate"
    );
}
