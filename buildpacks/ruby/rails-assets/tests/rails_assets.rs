//! Detect on asset sources and a Gemfile naming rails; build compiles into a launch layer the
//! app links to, keeps it while the sources are unchanged, and keeps Sprockets' cache out of
//! the image. `bundle` here is a stand-in that compiles the way `rails assets:precompile`
//! does (a digested copy of each stylesheet), so the buildpack's own work is what is tested;
//! the real Rails runs in the lifecycle tests.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::support::names_in;
use std::os::unix::fs::PermissionsExt;

/// Stands in for `bundle exec rails assets:precompile assets:clean`: checks its arguments,
/// copies each stylesheet to `public/assets/<name>-<sha>.css`, adds to Sprockets' cache and
/// says what it ran with. `FAIL_COMPILE` in the app makes it fail as Rails does.
const BUNDLE: &str = r#"#!/bin/sh
set -e
[ "$*" = "exec rails assets:precompile assets:clean" ] || { echo "unexpected: $*" >&2; exit 64; }
if [ -e FAIL_COMPILE ]; then echo 'rails aborted!' >&2; echo 'SassC::SyntaxError: Invalid CSS' >&2; exit 1; fi
echo "compiling with RAILS_ENV=$RAILS_ENV SECRET_KEY_BASE=$SECRET_KEY_BASE"
mkdir -p public/assets tmp/cache/assets
for css in app/assets/stylesheets/*.css; do
  sum=$(sha256sum "$css" | cut -c1-12)
  cp "$css" "public/assets/$(basename "$css" .css)-$sum.css"
  echo "$sum" >> tmp/cache/assets/entries
done
"#;

fn rails_app() -> (Workspace, tempfile::TempDir) {
    let workspace = integration_tests::workspace!("rails-assets");
    workspace.app_file(
        "Gemfile",
        "source 'https://rubygems.org'\ngem 'rails', '~> 6.1'\n",
    );
    workspace.app_file(
        "app/assets/stylesheets/application.css",
        "body { color: teal }\n",
    );
    let bin = tempfile::tempdir().expect("temp dir");
    let bundle = bin.path().join("bundle");
    fs_err::write(&bundle, BUNDLE).expect("write bundle");
    fs_err::set_permissions(&bundle, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    workspace.prepend_path(bin.path());
    (workspace, bin)
}

#[test]
fn detects_asset_sources_with_rails_in_the_gemfile() {
    let (workspace, _bin) = rails_app();
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(Workspace::required(&plan), ["mri", "bundler", "gems"]);
    let build_flags: Vec<bool> = plan["requires"]
        .as_array()
        .expect("requires")
        .iter()
        .map(|require| require["metadata"]["build"].as_bool() == Some(true))
        .collect();
    assert_eq!(build_flags, [true, true, true]);

    workspace.app_file("yarn.lock", "");
    let (_, plan) = workspace.detect();
    assert_eq!(
        Workspace::required(&plan),
        ["mri", "bundler", "gems", "node", "node_modules"]
    );

    workspace.app_file("Gemfile", "gem 'sinatra'\n");
    assert_eq!(workspace.detect().0.code, Some(100), "no rails");
    let (other, _bin) = rails_app();
    fs_err::remove_dir_all(other.app_dir.join("app/assets")).expect("rm");
    assert_eq!(other.detect().0.code, Some(100), "no asset sources");
    other.app_file("app/javascript/packs/application.js", "");
    assert_eq!(other.detect().0.code, Some(0), "Webpacker's sources");
}

#[test]
fn compiles_into_a_launch_layer_and_keeps_it_while_the_sources_are_unchanged() {
    let (workspace, _bin) = rails_app();
    // A stale compile committed with the app is replaced.
    workspace.app_file("public/assets/old-123.css", "stale");
    let output = workspace.build_ok("");
    let log = output.log();
    for line in [
        "Compiling the assets: nothing cached yet",
        "RAILS_ENV=production while compiling",
        "SECRET_KEY_BASE is a placeholder while compiling",
        "compiling with RAILS_ENV=production SECRET_KEY_BASE=dummy",
        "Running `bundle exec rails assets:precompile assets:clean`",
    ] {
        assert!(log.contains(line), "{line} in:\n{log}");
    }
    let layer = workspace.buildpack_layers().join("assets");
    let public_assets = workspace.app_dir.join("public/assets");
    assert_eq!(
        fs_err::read_link(&public_assets).expect("public/assets is a link"),
        layer.join("public-assets")
    );
    let compiled = names_in(&layer.join("public-assets"));
    assert_eq!(compiled.len(), 1, "{compiled:?}");
    assert!(compiled[0].starts_with("application-"), "{compiled:?}");
    assert!(layer.join("public-packs").is_dir());
    let layer_toml = fs_err::read_to_string(workspace.buildpack_layers().join("assets.toml"))
        .expect("assets.toml");
    assert!(layer_toml.contains("launch = true"), "{layer_toml}");
    for (name, value) in [
        ("RAILS_ENV", "production"),
        ("RAILS_SERVE_STATIC_FILES", "true"),
        ("RAILS_LOG_TO_STDOUT", "true"),
    ] {
        let file = layer.join(format!("env.launch/{name}.default"));
        assert_eq!(fs_err::read_to_string(&file).expect("env"), value, "{name}");
    }
    // Sprockets' cache stays in a cache-only layer, not linked from the image's app.
    assert!(!workspace.app_dir.join("tmp/cache/assets").exists());
    let cache = workspace.buildpack_layers().join("sprockets-cache");
    assert_eq!(
        fs_err::read_to_string(cache.join("entries"))
            .expect("cache")
            .lines()
            .count(),
        1
    );
    let cache_toml =
        fs_err::read_to_string(workspace.buildpack_layers().join("sprockets-cache.toml"))
            .expect("sprockets-cache.toml");
    assert!(!cache_toml.contains("launch = true"), "{cache_toml}");

    // Nothing changed: the compiled assets are kept and the compile does not run.
    let output = workspace.build_ok("");
    let log = output.log();
    assert!(
        log.contains(
            "Reusing the compiled assets: app/assets and RAILS_ENV production are unchanged"
        ),
        "{log}"
    );
    assert!(!log.contains("compiling with"), "{log}");
    assert!(fs_err::read_link(&public_assets).is_ok(), "linked again");

    // A changed stylesheet compiles again, with Sprockets' cache from the last compile.
    workspace.app_file(
        "app/assets/stylesheets/application.css",
        "body { color: navy }\n",
    );
    workspace.platform_env("RAILS_ENV", "staging");
    workspace.platform_env("SECRET_KEY_BASE", "from-the-user");
    let output = workspace.build_ok("");
    let log = output.log();
    for line in [
        "Compiling the assets: RAILS_ENV changed from production to staging, app/assets changed",
        "compiling with RAILS_ENV=staging SECRET_KEY_BASE=",
    ] {
        assert!(log.contains(line), "{line} in:\n{log}");
    }
    assert!(!log.contains("placeholder"), "{log}");
    assert_eq!(
        fs_err::read_to_string(cache.join("entries"))
            .expect("cache")
            .lines()
            .count(),
        2,
        "the cache carried over"
    );
}

#[test]
fn a_failed_compile_says_why_and_leaves_no_layer() {
    let (workspace, _bin) = rails_app();
    workspace.app_file("FAIL_COMPILE", "");
    let output = workspace.build("");
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        output
            .error_head()
            .contains("[rails-assets/precompile-failed]"),
        "{}",
        output.log()
    );
    assert!(
        output
            .error_detail()
            .contains("SassC::SyntaxError: Invalid CSS"),
        "{}",
        output.log()
    );
    assert!(!workspace.buildpack_layers().join("assets").exists());
    assert!(!workspace.buildpack_layers().join("assets.toml").exists());

    fs_err::remove_file(workspace.app_dir.join("FAIL_COMPILE")).expect("rm");
    workspace.platform_env(
        "BP_RAILS_ASSETS_EXTRA_DESTINATION_PATHS",
        "public/x:/srv/www",
    );
    let output = workspace.build("");
    assert!(
        output.error_head().contains("[rails-assets/path-invalid]"),
        "{}",
        output.log()
    );
}
