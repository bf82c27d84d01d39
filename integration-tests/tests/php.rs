//! The PHP family through the real lifecycle, with Debian's PHP served by a loopback mirror:
//! an app on PHP's built-in server with extensions from `.php.ini.d` and composer.json, and an
//! app asking for an extension PHP does not ship.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, test_env};
use integration_tests::mirror::Mirror;
use std::path::PathBuf;

fn php_artifacts_dir() -> PathBuf {
    PathBuf::from(test_env("STOWAGE_TEST_PHP_ARTIFACTS"))
}

fn php_app(fixture: &str, mirror: &Mirror) -> App {
    let inventory =
        stowage_dev::inventory::php::php_inventory_in(&php_artifacts_dir(), &mirror.url())
            .unwrap_or_else(|error| panic!("{error}"));
    let composer =
        stowage_dev::inventory::php::composer_inventory_in(&php_artifacts_dir(), &mirror.url())
            .unwrap_or_else(|error| panic!("{error}"));
    App::new(fixture)
        .buildpacks(&["php"])
        .inventory("php", inventory)
        .inventory("composer", composer)
}

#[test]
fn a_php_app_on_the_built_in_server_with_the_extensions_it_asks_for() {
    let mirror = Mirror::start(php_artifacts_dir());
    // BP_COMPOSER_VERSION makes composer install itself (composer-install will require it).
    let mut app = php_app("php-builtin-server", &mirror).env("BP_COMPOSER_VERSION", "2.*");
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "composer.json asks for \"8.2.*\"",
        "Selected PHP 8.2.",
        "intl (composer.json): enabled",
        "json (composer.json): built into PHP",
        "mbstring: enabled by .php.ini.d/extensions.ini",
        "Wrote conf.d/composer-extensions.ini",
        "Selected Composer 2.5.5",
        "Composer version 2.5.5",
        "web (default): exec php -S 0.0.0.0:\"${PORT:-8080}\" -t '/workspace/htdocs'",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    assert!(
        !image.exists("/layers/stowage_composer/composer"),
        "Composer is for the build only"
    );
    let sbom = image.read("/layers/sbom/launch/stowage_php-dist/php/sbom.cdx.json");
    let version = builder
        .split("Selected PHP ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("selected version");
    assert!(
        sbom.contains("\"php\"") && sbom.contains(version),
        "the SBOM names php {version}:\n{sbom}"
    );

    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert!(body.contains(&format!("PHP {version}\n")), "{body}");
    assert!(body.contains("mb_strlen: 11\n"), "{body}");
    assert!(body.contains("intl: 1.234.567,891\n"), "{body}");
    assert!(body.contains("json: {\"sum\":42}\n"), "{body}");
    drop(running);

    // Nothing changed: PHP is not downloaded again.
    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    assert!(
        builder.contains(&format!("Reusing the cached layer: php {version}")),
        "{builder}"
    );
    assert!(
        builder.contains("Reusing the cached layer: composer 2.5.5"),
        "{builder}"
    );
}

#[test]
fn an_extension_php_does_not_ship_fails_the_build_with_its_name() {
    let mirror = Mirror::start(php_artifacts_dir());
    let mut app = php_app("php-missing-extension", &mirror);
    let build = app.build();
    build.assert_failure();
    let builder = build.phase("builder");
    assert!(
        builder.contains(
            "[php-dist/missing-extension] composer.json asks for the PHP extension `mongodb`"
        ),
        "{builder}"
    );
    assert!(
        builder.contains("Remove `ext-mongodb` from composer.json"),
        "{builder}"
    );
}
