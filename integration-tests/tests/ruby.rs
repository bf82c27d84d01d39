//! The Ruby family through the real lifecycle: Debian's MRI and Bundler and a gem source
//! served by a loopback mirror, reached through Bundler's `BUNDLE_MIRROR__ALL`. A Rack app
//! builds through the ruby meta-buildpack and answers, a rebuild keeps its gems, and a lock
//! asking for a Bundler nothing has fails with the right error.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, test_env};
use integration_tests::mirror::Mirror;
use std::path::PathBuf;

fn ruby_artifacts_dir() -> PathBuf {
    PathBuf::from(test_env("STOWAGE_TEST_RUBY_ARTIFACTS"))
}

fn ruby_app(fixture: &str, mirror: &Mirror) -> App {
    let dir = ruby_artifacts_dir();
    let ruby = stowage_dev::inventory::ruby::ruby_inventory_in(&dir, &mirror.url())
        .unwrap_or_else(|error| panic!("{error}"));
    let bundler = stowage_dev::inventory::ruby::bundler_inventory_in(&dir, &mirror.url())
        .unwrap_or_else(|error| panic!("{error}"));
    App::new(fixture)
        .buildpacks(&["ruby"])
        .inventory("ruby", ruby)
        .inventory("bundler", bundler)
        .env("BUNDLE_MIRROR__ALL", &format!("{}/rubygems/", mirror.url()))
}

#[test]
fn a_rack_app_installs_its_gems_answers_and_keeps_them_on_a_rebuild() {
    let mirror = Mirror::start(ruby_artifacts_dir());
    let mut app = ruby_app("ruby-rackup", &mirror);
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "Passing BUNDLE_MIRROR__ALL to Bundler",
        "Installing gems for launch (without development:test)",
        "Installing into a new layer: nothing cached yet",
        "Installing rack 2.2.22",
        "Installing webrick 1.8.1",
        "Default port 8000, from config.ru's `#\\` line (removed from the file)",
        "web (default): exec bundle exec rackup --env production -p \"${PORT:-8000}\"",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    assert!(
        !image.read("/workspace/config.ru").contains("#\\"),
        "the port line left config.ru"
    );
    let gems = image.read("/layers/sbom/launch/stowage_bundle-install/launch-gems/sbom.cdx.json");
    for purl in ["pkg:gem/rack@2.2.22", "pkg:gem/webrick@1.8.1"] {
        assert!(gems.contains(purl), "{purl} in the gems' SBOM:\n{gems}");
    }
    let ruby = image.read("/layers/sbom/launch/stowage_mri/mri/sbom.cdx.json");
    assert!(
        ruby.contains("3.1.2"),
        "Ruby's version in its SBOM:\n{ruby}"
    );

    let running = image.start(&[]);
    let (status, body) = running.get("/hello");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert_eq!(body, "Ruby 3.1.2, Rack 2.2.22, 55 from /hello\n");
    drop(running);

    // Nothing changed: the gems are kept, and the log says why.
    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    assert!(
        builder
            .contains("Reusing the cached layer: Gemfile, Gemfile.lock and Ruby 3.1 are unchanged"),
        "{builder}"
    );
    assert!(!builder.contains("Installing rack"), "{builder}");

    // A lock written by a Bundler no inventory has.
    let lock = fs_err::read_to_string(app.app_dir().join("Gemfile.lock")).expect("lock");
    app.write_file("Gemfile.lock", &lock.replace("   2.3.15", "   9.0.0"));
    let failed = app.build();
    failed.assert_failure();
    let builder = failed.phase("builder");
    for line in [
        "! ERROR [inventory/no-matching-version] No Debian Bundler version matches `9.*.*`",
        "Involved: file /workspace/Gemfile.lock",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
}
