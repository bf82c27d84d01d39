//! node-engine and node-start through the real lifecycle: the built image starts and answers
//! HTTP, runs the resolved Node.js, and rebuilds reuse or replace the node layer, saying why.

use integration_tests::lifecycle::{App, Build};
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory, node_versions};

fn node_app(fixture: &str, mirror: &Mirror) -> App {
    App::new(fixture)
        .buildpacks(&["node-engine", "node-start"])
        .inventory("node", node_test_inventory(&mirror.url()))
}

/// The newest test version of a major line, e.g. `22.23.3` for `22`.
fn newest(major: &str) -> String {
    node_versions()
        .into_iter()
        .rfind(|version| version.split('.').next() == Some(major))
        .unwrap_or_else(|| panic!("no test artifact for node {major}"))
}

fn downloads(mirror: &Mirror) -> Vec<String> {
    mirror
        .requests()
        .into_iter()
        .map(|request| request.path)
        .collect()
}

fn served_node(build: &Build) -> serde_json::Value {
    let running = build.image().start(&[]);
    let (status, body) = running.get("/hello");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("the app answers JSON")
}

#[test]
fn the_image_answers_http_reuses_its_layer_and_replaces_it_on_a_new_version() {
    let mirror = Mirror::start(artifacts_dir());
    let older = newest("22");
    let newer = newest("24");
    let mut app = node_app("node-server", &mirror).env("BP_NODE_VERSION", "22");

    let first = app.build();
    first.assert_success();
    let answer = served_node(&first);
    assert_eq!(answer["node"], format!("v{older}"));
    assert_eq!(answer["nodeEnv"], "production");
    assert_eq!(answer["path"], "/hello");
    let (code, version) = first.image().exec(&["node", "--version"]);
    assert_eq!(code, Some(0), "{version}");
    assert_eq!(version.trim(), format!("v{older}"));
    assert_eq!(downloads(&mirror).len(), 1, "{:?}", downloads(&mirror));

    mirror.clear_requests();
    let again = app.build();
    again.assert_success();
    assert!(
        downloads(&mirror).is_empty(),
        "nothing downloaded: {:?}",
        downloads(&mirror)
    );
    assert!(
        again.phase("builder").contains(&format!(
            "Reusing the cached layer: node {older} with checksum sha256:"
        )),
        "{}",
        again.phase("builder")
    );
    assert!(
        again
            .phase("exporter")
            .contains("Reusing layer 'stowage/node-engine:node'"),
        "{}",
        again.log()
    );

    app.set_env("BP_NODE_VERSION", "24");
    let upgraded = app.build();
    upgraded.assert_success();
    assert!(
        upgraded.phase("builder").contains(&format!(
            "Installing into a new layer: node changed from {older} to {newer}"
        )),
        "{}",
        upgraded.phase("builder")
    );
    assert_eq!(served_node(&upgraded)["node"], format!("v{newer}"));
}
