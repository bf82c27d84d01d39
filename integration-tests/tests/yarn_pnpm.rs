//! Yarn and pnpm apps through the real lifecycle: node-engine, the package manager, its
//! installer and yarn-start build an image that starts and answers HTTP with a dependency
//! from `node_modules`, without devDependencies or the package manager's cache in the image.
//! Node.js and the package managers come from local mirrors; the apps' packages come from the
//! npm registry.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, Build};
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};
use integration_tests::package_managers as managers;

struct Mirrors {
    node: Mirror,
    managers: Mirror,
}

fn mirrors() -> Mirrors {
    Mirrors {
        node: Mirror::start(artifacts_dir()),
        managers: Mirror::start(managers::manager_artifacts()),
    }
}

fn yarn_app(fixture: &str, mirrors: &Mirrors) -> App {
    App::new(fixture)
        .buildpacks(&["node-engine", "yarn", "yarn-install", "yarn-start"])
        .inventory("node", node_test_inventory(&mirrors.node.url()))
        .inventory(
            "yarn",
            managers::inventory_at(
                "yarn",
                &["1.22.22", "4.18.1"],
                "1.*",
                &mirrors.managers.url(),
            ),
        )
}

/// What the running image answers on `/`.
fn answer(build: &Build) -> String {
    let running = build.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    body
}

const LAYERS: &str = "/layers/stowage_yarn-install";

#[test]
fn a_yarn_1_app_starts_and_a_rebuild_reuses_its_packages() {
    let mirrors = mirrors();
    let mut app = yarn_app("yarn-classic", &mirrors);
    let first = app.build();
    first.assert_success();
    assert_eq!(answer(&first), "yarn-classic says one minute is 1m\n");
    let image = first.image();
    assert!(image.exists(&format!(
        "{LAYERS}/launch-modules/node_modules/ms/package.json"
    )));
    assert!(
        !image.exists(&format!("{LAYERS}/launch-modules/node_modules/is-number")),
        "no devDependencies in the image"
    );
    assert!(
        !image.exists(&format!("{LAYERS}/yarn-cache")),
        "no cache in the image"
    );
    assert!(
        !image.exists("/layers/stowage_yarn/yarn"),
        "Yarn is not needed at launch"
    );

    let again = app.build();
    again.assert_success();
    let builder = again.phase("builder");
    assert!(
        builder.contains("Reusing the cached layer: package.json, yarn.lock, Node.js v"),
        "{builder}"
    );
    assert!(
        builder.contains("Using the Yarn 1 cache from earlier builds"),
        "{builder}"
    );
    assert_eq!(answer(&again), "yarn-classic says one minute is 1m\n");
}

#[test]
fn a_yarn_4_app_with_its_committed_release_starts() {
    let mirrors = mirrors();
    let mut app = yarn_app("yarn-berry", &mirrors);
    managers::commit_yarn_release(&app.app_dir(), managers::COMMITTED_BERRY);
    let build = app.build();
    build.assert_success();
    assert!(
        build.phase("builder").contains(&format!(
            "Yarn {} (the app's release",
            managers::COMMITTED_BERRY
        )),
        "{}",
        build.phase("builder")
    );
    assert_eq!(answer(&build), "yarn-berry says one minute is 1m\n");
    assert!(
        !build
            .image()
            .exists(&format!("{LAYERS}/launch-modules/node_modules/is-number"))
    );
}

#[test]
fn a_pnpm_app_starts_with_its_virtual_store() {
    let mirrors = mirrors();
    let mut app = App::new("pnpm-app")
        .buildpacks(&["node-engine", "pnpm", "pnpm-install", "yarn-start"])
        .inventory("node", node_test_inventory(&mirrors.node.url()))
        .inventory(
            "pnpm",
            managers::inventory_at(
                "pnpm",
                &["9.15.9", "10.34.9"],
                "10.*",
                &mirrors.managers.url(),
            ),
        );
    let build = app.build();
    build.assert_success();
    assert_eq!(answer(&build), "pnpm-app says one minute is 1m\n");
    let modules = "/layers/stowage_pnpm-install/launch-modules/node_modules";
    assert!(
        build
            .image()
            .exists(&format!("{modules}/.pnpm/ms@2.1.3/node_modules/ms"))
    );
    assert!(
        !build
            .image()
            .exists(&format!("{modules}/.pnpm/is-number@7.0.0"))
    );
    assert!(
        !build
            .image()
            .exists("/layers/stowage_pnpm-install/pnpm-store")
    );
}
