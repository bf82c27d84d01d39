//! The build runs sealed in the build image: a build script sees only its mounts, so it can
//! neither read a host file through a symlink in the app nor write anywhere on the host, and
//! the app's symlinks reach the image as links.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};
use std::os::unix::fs::PermissionsExt;

const SECRET: &str = "a host secret";

#[test]
fn a_build_script_cannot_reach_the_host_and_symlinks_stay_links() {
    // A host file anyone may read, and a host folder anyone may write: only the sandbox
    // keeps the build user from them.
    let host = tempfile::tempdir().expect("temp dir");
    let secret = host.path().join("secret.txt");
    fs_err::write(&secret, SECRET).expect("write secret");
    let open_dir = host.path().join("open");
    fs_err::create_dir(&open_dir).expect("mkdir");
    for (path, mode) in [(host.path(), 0o755), (&open_dir, 0o1777), (&secret, 0o644)] {
        fs_err::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let escape = open_dir.join("escaped");

    let mirror = Mirror::start(artifacts_dir());
    let mut app = App::new("npm-no-lockfile")
        .buildpacks(&["node-engine", "npm-install", "node-run-script", "npm-start"])
        .inventory("node", node_test_inventory(&mirror.url()))
        .env("BP_NODE_RUN_SCRIPTS", "probe");
    let probe = format!(
        "cat host-link > probe.txt 2>&1; echo written > {escape} 2>> probe.txt; hostname >> probe.txt; true",
        escape = escape.display()
    );
    let package = serde_json::json!({
        "name": "sealed",
        "version": "1.0.0",
        "private": true,
        "scripts": {"probe": probe, "start": "node server.js"},
        "dependencies": {"ms": "2.1.3"},
    });
    app.write_file("package.json", &package.to_string());
    std::os::unix::fs::symlink(&secret, app.app_dir().join("host-link")).expect("symlink");

    let build = app.build();
    build.assert_success();

    let probed = build.image().read("workspace/probe.txt");
    assert!(!probed.contains(SECRET), "the host file was read: {probed}");
    assert!(probed.contains("No such file or directory"), "{probed}");
    assert!(
        probed.contains("stowage-build"),
        "its own host name: {probed}"
    );
    assert!(
        !escape.exists(),
        "the build wrote to the host: {}",
        escape.display()
    );
    let link = build.image().rootfs().join("workspace/host-link");
    assert!(
        fs_err::symlink_metadata(&link)
            .expect("host-link in the image")
            .file_type()
            .is_symlink(),
        "the app's symlink was exported as a link"
    );
    assert_eq!(fs_err::read_link(&link).expect("read link"), secret);
}
