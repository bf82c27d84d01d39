//! `scripts/build-app --dependencies local` for an app asking for a Node.js line the tests'
//! default artifacts lack: the tooling resolves the app's version from node.toml as
//! node-engine does, assembles that one from the npm registry (cached), and the image built
//! with the inventory of that set runs it.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{
    local_build_artifacts, node_inventory_in, node_versions_in,
};

#[test]
fn an_app_asking_for_node_20_builds_locally() {
    let app = App::new("node-engines-20").buildpacks(&["node-engine", "node-start"]);
    let (node, set) = local_build_artifacts(&app.app_dir(), &[]);
    assert!(node.version.starts_with("20."), "{node:?}");
    assert_eq!(
        node.describe(),
        format!(
            "Node.js {} for engines.node \"20\" in package.json",
            node.version
        )
    );
    assert_eq!(node_versions_in(&set), std::slice::from_ref(&node.version));

    let mirror = Mirror::start(set.clone());
    let mut app = app.inventory("node", node_inventory_in(&set, &mirror.url()));
    let build = app.build();
    build.assert_success();
    assert!(
        build.phase("builder").contains(&format!(
            "Selected Node.js {} (from package.json)",
            node.version
        )),
        "{}",
        build.phase("builder")
    );
    let running = build.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("the app answers JSON");
    assert_eq!(answer["node"], format!("v{}", node.version));
}
