//! The app's project descriptor through the real lifecycle, applied with the code
//! `scripts/build-app` runs: `project.toml` (schema 0.2) sets the variables that make nginx
//! serve the site, leaves files out of the workspace and runs its own buildpack group instead
//! of the builder's order; `--descriptor ci/httpd.toml` (schema 0.1) picks httpd, includes only
//! `public/`, and the user's variables override its own.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::web_server_artifacts::{
    httpd_artifacts_dir, httpd_test_inventory, nginx_artifacts_dir, nginx_test_inventory,
};

#[test]
fn project_toml_sets_variables_leaves_files_out_and_picks_the_group() {
    let mirror = Mirror::start(nginx_artifacts_dir());
    let mut app = App::new("project-descriptor")
        .buildpacks(&["web-servers"])
        .inventory("nginx", nginx_test_inventory(&mirror.url()))
        .descriptor(None);
    let build = app.build();
    build.assert_success();
    let detector = build.phase("detector");
    assert!(detector.contains("stowage/nginx"), "{detector}");
    // BP_NODE_RUN_SCRIPTS=build would make the builder's order build it with Node.js.
    assert!(!detector.contains("stowage/node-engine"), "{detector}");
    let builder = build.phase("builder");
    for line in [
        "Push state: unknown paths answer with the root's index.html",
        "web (default): nginx -p /workspace -c /workspace/nginx.conf -e stderr",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    for kept in [
        "public/index.html",
        "public/assets/app.js",
        "package.json",
        "project.toml",
    ] {
        assert!(
            image.exists(&format!("/workspace/{kept}")),
            "{kept} is in the image"
        );
    }
    for excluded in ["notes.txt", "public/drafts", "public/drafts/next.html"] {
        assert!(
            !image.exists(&format!("/workspace/{excluded}")),
            "{excluded} is excluded"
        );
    }
    assert!(!image.exists("/layers/stowage_node-engine"), "no Node.js");

    let running = image.start(&[]);
    let index = fs_err::read_to_string(app.app_dir().join("public/index.html")).expect("index");
    assert_eq!(running.get("/"), (200, index.clone()));
    assert_eq!(
        running.get("/drafts/next.html"),
        (200, index),
        "the draft is not there: push state answers with the index"
    );
}

#[test]
fn another_descriptor_with_schema_0_1_includes_files_and_user_variables_win() {
    let mirror = Mirror::start(httpd_artifacts_dir());
    let mut app = App::new("project-descriptor")
        .buildpacks(&["web-servers"])
        .inventory("httpd", httpd_test_inventory(&mirror.url()))
        // ci/httpd.toml sets it to false; the user's value wins, as with pack.
        .env("BP_WEB_SERVER_ENABLE_PUSH_STATE", "true")
        .descriptor(Some("ci/httpd.toml"));
    let build = app.build();
    build.assert_success();
    let detector = build.phase("detector");
    assert!(detector.contains("stowage/httpd"), "{detector}");
    assert!(!detector.contains("stowage/nginx"), "{detector}");
    let builder = build.phase("builder");
    for line in [
        "Push state: unknown paths answer with the root's index.html",
        "web (default): httpd -d /layers/stowage_httpd/httpd -f /workspace/httpd.conf",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    for kept in ["public/index.html", "public/assets/app.js"] {
        assert!(
            image.exists(&format!("/workspace/{kept}")),
            "{kept} is included"
        );
    }
    for left_out in [
        "package.json",
        "notes.txt",
        "project.toml",
        "ci/httpd.toml",
        "public/drafts/next.html",
    ] {
        assert!(
            !image.exists(&format!("/workspace/{left_out}")),
            "{left_out} is not included"
        );
    }
}
