//! The Ruby family through the real lifecycle: Debian's MRI and Bundler and a gem source
//! served by a loopback mirror, reached through Bundler's `BUNDLE_MIRROR__ALL`. A Rack app
//! builds through the ruby meta-buildpack from a private gem server (credentials from a
//! `bundle-config` binding, kept out of the image) and answers, a rebuild keeps its gems, and
//! a lock asking for a Bundler nothing has fails with the right error.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, test_env};
use integration_tests::mirror::Mirror;
use std::path::{Path, PathBuf};

/// The private gem server's password, which must never reach the image or the log.
const SECRET: &str = "s3cret-gem-token";

/// Files under `dir` whose bytes hold `needle` (symlinks are not followed).
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs_err::read_dir(dir).expect("read a folder of the image") {
        let entry = entry.expect("a folder entry");
        let kind = entry.file_type().expect("file type");
        let path = entry.path();
        if kind.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if kind.is_file()
            && fs_err::read(&path)
                .expect("read a file of the image")
                .windows(needle.len())
                .any(|window| window == needle)
        {
            found.push(path);
        }
    }
    found
}

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
    // A private gem server: the gems need credentials, which a `bundle-config` binding gives
    // as Bundler's mirror setting (it outranks the BUNDLE_MIRROR__ALL variable).
    mirror.require_basic_auth("/rubygems/", "stowage", SECRET);
    let private_mirror = mirror
        .url()
        .replacen("://", &format!("://stowage:{SECRET}@"), 1);
    let mut app = ruby_app("ruby-rackup", &mirror).binding(
        "gem-server",
        "bundle-config",
        &[(
            "config",
            &format!("---\nBUNDLE_MIRROR__ALL: \"{private_mirror}/rubygems/\"\n"),
        )],
    );
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "Passing BUNDLE_MIRROR__ALL to Bundler",
        "Bundler settings from the `bundle-config` binding gem-server",
        "Installing gems for launch (without development:test)",
        "Installing into a new layer: nothing cached yet",
        "Installing rack 2.2.22",
        "Installing webrick 1.8.1",
        "Default port 8000, from config.ru's `#\\` line (removed from the file)",
        "web (default): exec bundle exec rackup --env production -p \"${PORT:-8000}\"",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    assert!(!build.log().contains(SECRET), "{}", build.log());
    let image = build.image();
    let rootfs = image.rootfs();
    let holding: Vec<PathBuf> = ["layers", "workspace"]
        .iter()
        .flat_map(|dir| files_containing(&rootfs.join(dir), SECRET.as_bytes()))
        .collect();
    assert!(holding.is_empty(), "the credentials are in {holding:?}");
    assert!(
        mirror
            .requests()
            .iter()
            .any(|request| request.path.starts_with("/rubygems/") && request.status == Some(200)),
        "the gems came from the private gem server"
    );
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

/// Puma from the gem source, its C extension compiled by `bundle install` in the build image,
/// answers on `$PORT`; a changed Gemfile.lock reinstalls the gems and says why; a lock
/// naming a gem version the source lacks fails with Bundler's own words.
#[test]
fn a_puma_app_compiles_puma_answers_and_reinstalls_for_a_changed_lock() {
    let mirror = Mirror::start(ruby_artifacts_dir());
    let mut app = ruby_app("ruby-puma", &mirror);
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "Installing nio4r 2.5.8 (x86_64-linux)",
        "Installing puma 5.6.5 with native extensions",
        "build files of native extensions (Makefile, mkmf.log, gem_make.out)",
        "web (default): exec bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let puma = "/layers/stowage_bundle-install/launch-gems/ruby/3.1.0/gems/puma-5.6.5";
    assert!(
        build
            .image()
            .exists(&format!("{puma}/lib/puma/puma_http11.so"))
    );
    assert!(
        !build
            .image()
            .exists(&format!("{puma}/ext/puma_http11/Makefile")),
        "the extension's build files left the layer"
    );
    assert!(
        !builder.contains("stowage/rackup"),
        "puma's group wins:\n{builder}"
    );
    let running = build.image().start(&[]);
    let (status, body) = running.get("/puma");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert_eq!(
        body,
        "Puma 5.6.5 with its parser, nio4r 2.5.8, Ruby 3.1.2 from /puma\n"
    );
    drop(running);

    // rake joins the Gemfile and the lock: the gems are installed again, and the log says why.
    let gemfile = fs_err::read_to_string(app.app_dir().join("Gemfile")).expect("Gemfile");
    app.write_file("Gemfile", &format!("{gemfile}gem \"rake\"\n"));
    let lock = fs_err::read_to_string(app.app_dir().join("Gemfile.lock")).expect("lock");
    let lock = lock
        .replace(
            "    rack (2.2.22)\n",
            "    rack (2.2.22)\n    rake (13.0.6)\n",
        )
        .replace("  rack\n\nRUBY", "  rack\n  rake\n\nRUBY");
    app.write_file("Gemfile.lock", &lock);
    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    for line in ["Gemfile.lock changed", "Installing rake 13.0.6"] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }

    // A version the gem source does not have: Bundler's words are in the error.
    app.write_file(
        "Gemfile.lock",
        &lock.replace("rake (13.0.6)", "rake (99.0.0)"),
    );
    let failed = app.build();
    failed.assert_failure();
    let builder = failed.phase("builder");
    for line in [
        "! ERROR [bundle-install/bundle-failed]",
        "Your bundle is locked to rake (99.0.0)",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
}

/// A Rakefile app with its gems in vendor/cache builds with no gem source at all, and the
/// image's default process runs the Rakefile's default task through Bundler. A Ruby version
/// nothing satisfies fails in mri with the inventory's error, and without the Rakefile detect
/// says the app has nothing to start.
#[test]
fn a_rake_app_installs_from_vendor_cache_offline_and_runs_its_task() {
    let mirror = Mirror::start(ruby_artifacts_dir());
    let mut app = ruby_app("ruby-rake", &mirror);
    app.unset_env("BUNDLE_MIRROR__ALL");
    let gem = ruby_artifacts_dir().join("rubygems/gems/rake-13.0.6.gem");
    let cache = app.app_dir().join("vendor/cache");
    fs_err::create_dir_all(&cache).expect("vendor/cache");
    fs_err::copy(&gem, cache.join("rake-13.0.6.gem")).expect("copy the gem");
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "bundle install --local",
        "Installing rake 13.0.6",
        "The Gemfile names rake: it runs through Bundler",
        "web (default): exec bundle exec rake",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    assert!(!builder.contains("BUNDLE_MIRROR__ALL"), "{builder}");
    let (code, output) = build.image().run_default();
    assert_eq!(code, Some(0), "{output}");
    assert!(
        output.contains("rake 13.0.6 ran the default task with Ruby 3.1.2, 55"),
        "{output}"
    );

    app.set_env("BP_MRI_VERSION", "2.7");
    let failed = app.build();
    failed.assert_failure();
    let builder = failed.phase("builder");
    for line in [
        "! ERROR [inventory/no-matching-version]",
        "Involved: variable BP_MRI_VERSION",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }

    // Without the Rakefile nothing can start the app: detect says what it lacks.
    app.unset_env("BP_MRI_VERSION");
    fs_err::remove_file(app.app_dir().join("Rakefile")).expect("remove the Rakefile");
    let undetected = app.detect();
    undetected.assert_failure();
    let detector = undetected.phase("detector");
    for line in [
        "! ERROR [ruby/no-server] This Ruby app has a Gemfile but nothing to start",
        "- add a config.ru: it runs with `bundle exec rackup`;",
        "No buildpack groups passed detection.",
    ] {
        assert!(detector.contains(line), "{line} in:\n{detector}");
    }
}

/// A Rails 6.1 app: rails-assets joins puma's group and precompiles the stylesheet into a
/// launch layer, the launch gems start from the build's, puma serves the page and (with
/// `RAILS_SERVE_STATIC_FILES` from the assets layer) the digested stylesheet; a rebuild with
/// nothing changed keeps the compiled assets and the gems.
#[test]
fn a_rails_app_precompiles_its_assets_and_serves_them() {
    let mirror = Mirror::start(ruby_artifacts_dir());
    let mut app = ruby_app("ruby-rails", &mirror);
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "Stowage Rails Assets",
        "Installing nokogiri 1.13.10 (x86_64-linux)",
        "Installing rails 6.1.7.10",
        "Starting from the gems installed for the build",
        "Compiling the assets: nothing cached yet",
        "Running `bundle exec rails assets:precompile assets:clean`",
        "web (default): exec bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    assert!(
        image.exists("/layers/stowage_rails-assets/assets/public-assets"),
        "the compiled assets are in the image"
    );
    assert!(
        fs_err::symlink_metadata(image.rootfs().join("workspace/tmp/cache/assets")).is_err(),
        "Sprockets' cache stays out of the image"
    );

    // The app's own secret, as a platform gives it at run time.
    let running = image.start(&[("SECRET_KEY_BASE", "a-secret-for-the-test")]);
    let (status, body) = running.get("/hello");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert!(
        body.starts_with("Rails 6.1.7.10, Sprockets 3.7.2, Ruby 3.1.2"),
        "{body}"
    );
    let stylesheet = body
        .split('"')
        .find(|part| {
            part.starts_with("/assets/application-")
                && std::path::Path::new(part)
                    .extension()
                    .is_some_and(|extension| extension == "css")
        })
        .unwrap_or_else(|| panic!("a digested stylesheet link in {body}"));
    let (status, css) = running.get(stylesheet);
    assert_eq!(status, 200, "{css}\n{}", running.log());
    assert!(css.contains(".stowage-rails-fixture"), "{css}");
    drop(running);

    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    for line in [
        "Reusing the compiled assets: Gemfile.lock, app/assets and RAILS_ENV production are unchanged",
        "Reusing the cached layer: Gemfile, Gemfile.lock and Ruby 3.1 are unchanged",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    assert!(!builder.contains("Running `bundle exec rails"), "{builder}");
}

/// thin and unicorn from the gem source (their extensions as Debian compiled them) start the
/// Rack app on `$PORT` through their own groups.
#[test]
fn thin_and_unicorn_apps_answer_on_port() {
    let mirror = Mirror::start(ruby_artifacts_dir());
    for (fixture, server, answer) in [
        (
            "ruby-thin",
            "exec bundle exec thin",
            "Thin 1.8.1 with its parser, EventMachine 1.3.0.dev.1, Ruby 3.1.2 from /hello\n",
        ),
        (
            "ruby-unicorn",
            "exec bundle exec unicorn --listen",
            "Unicorn 6.0.0 with its parser, raindrops 0.20.0, kgio 2.11.0, Ruby 3.1.2 from /hello\n",
        ),
    ] {
        let mut app = ruby_app(fixture, &mirror);
        let build = app.build();
        build.assert_success();
        let builder = build.phase("builder");
        assert!(builder.contains(server), "{server} in:\n{builder}");
        let running = build.image().start(&[]);
        let (status, body) = running.get("/hello");
        assert_eq!(status, 200, "{body}\n{}", running.log());
        assert_eq!(body, answer);
    }
}
