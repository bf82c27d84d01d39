//! `NODE_ENV` decides what ships, as with npm itself: a front-end-like app whose `start` runs a
//! CLI that only a devDependency provides (like Paketo's vue and angular samples) starts when
//! built with `NODE_ENV=development`, and the default (`production`) leaves the CLI out of the
//! image.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};

const MODULES: &str = "layers/stowage_npm-install/launch-modules/node_modules";

#[test]
fn node_env_development_ships_dev_dependencies_and_production_leaves_them_out() {
    let mirror = Mirror::start(artifacts_dir());
    let mut app = App::new("npm-dev-cli")
        .buildpacks(&["node-engine", "npm-install", "node-run-script", "npm-start"])
        .inventory("node", node_test_inventory(&mirror.url()))
        .env("BP_NODE_RUN_SCRIPTS", "build")
        .env("NODE_ENV", "development");

    let development = app.build();
    development.assert_success();
    let builder = development.phase("builder");
    assert!(
        builder.contains(
            "Installing node_modules for the build and launch (with devDependencies: NODE_ENV=development)"
        ),
        "{builder}"
    );
    assert_eq!(
        builder.matches("Running `npm ci").count(),
        1,
        "one layer serves the build and launch: {builder}"
    );
    let running = development.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert_eq!(body, "built by mini-cli; one minute is 1m\n");
    drop(running);

    // node-engine's default, NODE_ENV=production, again.
    app.unset_env("NODE_ENV");
    let production = app.build();
    production.assert_success();
    let builder = production.phase("builder");
    assert!(
        builder.contains("Installing node_modules for the build (with devDependencies)"),
        "{builder}"
    );
    assert!(
        builder.contains(
            "Installing node_modules for launch (without devDependencies: NODE_ENV=production)"
        ),
        "{builder}"
    );
    assert!(
        builder.contains(
            "Installing into a new layer: the command changed from `npm ci --include=dev` to `npm ci --omit=dev`"
        ),
        "the image's packages are not reused across NODE_ENV values: {builder}"
    );
    let image = production.image();
    assert!(image.exists(&format!("{MODULES}/ms/package.json")));
    assert!(
        !image.exists(&format!("{MODULES}/mini-cli")) && !image.exists(&format!("{MODULES}/.bin")),
        "the devDependency's CLI stays out of the image"
    );
}
