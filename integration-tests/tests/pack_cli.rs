//! Our builder with the real `pack` CLI, podman as its daemon: `pack builder create` from
//! `builders/bookworm/builder.toml`, `pack build` of a Node.js app, the image run and asked
//! over HTTP, `pack inspect`, `pack sbom download` and `pack rebase` onto a patched run image;
//! then `pack build` with the builder image `stowage-dev builder-image` writes without a daemon
//! (the same packaged buildpacks), run, inspected, its SBOMs downloaded and rebased. One builder of each kind and one build
//! with each serve every check: each costs tens of seconds.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{repo_root, tools};
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};
use integration_tests::pack_cli::{
    Pack, Podman, build_image_layout, daemonless_builder_layout, packaged_builder_toml,
};
use std::collections::BTreeMap;
use std::path::Path;

const RUN_IMAGE: &str = "stowage.local/run:bookworm";
const BUILD_IMAGE: &str = "stowage.local/build:bookworm";
const BUILDER: &str = "stowage.local/pack-cli-builder:bookworm";
const APP_IMAGE: &str = "stowage.local/pack-cli-node-server:latest";
const DAEMONLESS_BUILDER: &str = "stowage.local/pack-cli-daemonless-builder:bookworm";
const DAEMONLESS_APP_IMAGE: &str = "stowage.local/pack-cli-daemonless-node-server:latest";

#[test]
fn pack_builds_runs_inspects_and_rebases_a_node_app_with_our_builder() {
    let podman = Podman::start();
    let pack = Pack::new(&podman);
    let work = tempfile::Builder::new()
        .prefix("stowage-pack-cli.")
        .tempdir()
        .expect("temp dir");
    // The images builder.toml names, from the OCI layouts our tooling writes.
    podman.load(&tools().run_image_layout, "bookworm", RUN_IMAGE);
    podman.load(&build_image_layout(), "bookworm", BUILD_IMAGE);
    let _cleanup = Cleanup(&podman);

    // The buildpacks download Node.js from a mirror on 127.0.0.1: the build containers share
    // the host's network to reach it.
    let mirror = Mirror::start(artifacts_dir());
    let inventories = BTreeMap::from([("node".to_string(), node_test_inventory(&mirror.url()))]);
    let config = packaged_builder_toml(&inventories, work.path());
    let created = pack.run(&[
        "builder",
        "create",
        BUILDER,
        "--config",
        &config.display().to_string(),
        "--pull-policy",
        "never",
    ]);
    assert!(
        created.contains("Successfully created builder"),
        "{created}"
    );

    let app = repo_root().join("integration-tests/fixtures/node-server");
    let built = build(&pack, APP_IMAGE, BUILDER, &app);
    assert!(built.contains("Selected Node.js"), "{built}");
    assert!(
        mirror
            .requested_paths()
            .iter()
            .any(|path| path.contains("node-v")),
        "Node.js came from the test mirror: {:?}",
        mirror.requested_paths()
    );

    let running = podman.serve(APP_IMAGE);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    drop(running);

    inspect_lists_buildpacks_and_web_process(&pack, APP_IMAGE);
    sboms_of_every_layer(&pack, APP_IMAGE, &work.path().join("sbom"));
    rebase_keeps_app_layers(&podman, &pack, APP_IMAGE, work.path());

    // Our daemonless builder image, from the same packaged buildpacks, copied into podman.
    let layout = daemonless_builder_layout(work.path());
    podman.load(&layout, "bookworm", DAEMONLESS_BUILDER);
    let built = build(&pack, DAEMONLESS_APP_IMAGE, DAEMONLESS_BUILDER, &app);
    assert!(built.contains("Selected Node.js"), "{built}");
    let running = podman.serve(DAEMONLESS_APP_IMAGE);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    drop(running);
    inspect_lists_buildpacks_and_web_process(&pack, DAEMONLESS_APP_IMAGE);
    sboms_of_every_layer(
        &pack,
        DAEMONLESS_APP_IMAGE,
        &work.path().join("daemonless-sbom"),
    );
    // Its run image is the once-patched one: this patches it again and rebases onto that.
    rebase_keeps_app_layers(&podman, &pack, DAEMONLESS_APP_IMAGE, work.path());
}

fn build(pack: &Pack, image: &str, builder: &str, app: &Path) -> String {
    pack.run(&[
        "build",
        image,
        "--builder",
        builder,
        "--path",
        &app.display().to_string(),
        // Without it pack 0.38 waits forever on podman 4.3 (attaching to the phase containers).
        "--trust-builder",
        "--docker-host=inherit",
        "--pull-policy",
        "never",
        "--network",
        "host",
        // A fresh build each run: pack keeps its cache in a podman volume named after the image.
        "--clear-cache",
    ])
}

/// `pack inspect` names the buildpacks of the group that built the app and its `web` process.
fn inspect_lists_buildpacks_and_web_process(pack: &Pack, image: &str) {
    let inspected = pack.run(&["inspect", image]);
    let local = inspected
        .split_once("LOCAL:")
        .map_or(inspected.as_str(), |(_, local)| local);
    for buildpack in [
        "stowage/ca-certificates",
        "stowage/node-engine",
        "stowage/node-start",
    ] {
        assert!(
            local
                .lines()
                .any(|line| line.trim_start().starts_with(buildpack)),
            "{buildpack} is listed:\n{inspected}"
        );
    }
    assert!(
        local.contains("Stack: io.stowage.stacks.bookworm"),
        "{inspected}"
    );
    assert!(local.contains(RUN_IMAGE), "{inspected}");
    let Some((_, processes)) = local.split_once("Processes:") else {
        panic!("no processes:\n{inspected}");
    };
    assert!(
        processes.lines().any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words.starts_with(&["web", "(default)", "node", "server.js"])
        }),
        "the default process is web, `node server.js`:\n{inspected}"
    );
}

/// `pack sbom download` writes `CycloneDX`, SPDX and Syft documents for each layer with an SBOM
/// (Node.js at least).
fn sboms_of_every_layer(pack: &Pack, image: &str, out: &Path) {
    let _ = pack.run(&[
        "sbom",
        "download",
        image,
        "--output-dir",
        &out.display().to_string(),
    ]);
    let launch = out.join("layers/sbom/launch");
    let mut layers = Vec::new();
    for buildpack in fs_err::read_dir(&launch).expect("launch SBOMs") {
        let buildpack = buildpack.expect("entry").path();
        if !buildpack.is_dir() {
            continue;
        }
        for layer in fs_err::read_dir(&buildpack).expect("layer SBOMs") {
            let layer = layer.expect("entry").path();
            let document = |name: &str| -> serde_json::Value {
                let text = fs_err::read_to_string(layer.join(name))
                    .unwrap_or_else(|error| panic!("{error} ({} SBOMs)", layer.display()));
                serde_json::from_str(&text).expect("an SBOM is JSON")
            };
            assert_eq!(document("sbom.cdx.json")["bomFormat"], "CycloneDX");
            assert!(
                document("sbom.spdx.json")["spdxVersion"]
                    .as_str()
                    .is_some_and(|version| version.starts_with("SPDX-")),
                "{}",
                layer.display()
            );
            assert!(document("sbom.syft.json")["artifacts"].is_array());
            layers.push(
                layer
                    .strip_prefix(&launch)
                    .expect("below launch")
                    .display()
                    .to_string(),
            );
        }
    }
    assert!(
        layers.contains(&"stowage_node-engine/node".to_string()),
        "{layers:?}"
    );
}

/// The run image gets an OS patch (a file and a label on top, under the same name, as a new
/// run image release is tagged); `pack rebase` swaps the base layers only: every app layer keeps
/// its digest, and the rebased image still answers.
fn rebase_keeps_app_layers(podman: &Podman, pack: &Pack, image: &str, work: &Path) {
    let base_before = podman.layers(RUN_IMAGE);
    let before = podman.layers(image);
    let context = work.join("patch");
    fs_err::create_dir_all(&context).expect("mkdir");
    fs_err::write(context.join("stowage-patch"), "patched\n").expect("write");
    fs_err::write(
        context.join("Containerfile"),
        format!(
            "FROM {RUN_IMAGE}\nCOPY stowage-patch /etc/stowage-patch\nLABEL io.stowage.patch=1\n"
        ),
    )
    .expect("write");
    let patched = podman.run(&[
        "build",
        "--pull=never",
        "--tag",
        RUN_IMAGE,
        &context.display().to_string(),
    ]);
    println!("{patched}");
    let base_after = podman.layers(RUN_IMAGE);
    assert_eq!(base_after.len(), base_before.len() + 1);

    let rebased = pack.run(&["rebase", image, "--pull-policy", "never"]);
    assert!(rebased.contains("Successfully rebased"), "{rebased}");
    let after = podman.layers(image);
    assert_eq!(after[..base_after.len()], base_after[..], "the new base");
    assert_eq!(
        after[base_after.len()..],
        before[base_before.len()..],
        "every app layer kept its digest"
    );
    let metadata: serde_json::Value =
        serde_json::from_str(&podman.label(image, "io.buildpacks.lifecycle.metadata"))
            .expect("lifecycle metadata is JSON");
    assert_eq!(
        metadata["runImage"]["topLayer"].as_str(),
        base_after.last().map(String::as_str)
    );
    let running = podman.serve(image);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
}

/// Removes what the test made in podman's storage, pass or fail.
struct Cleanup<'a>(&'a Podman);

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        // The run image is the patched one by now; the next run loads the original again.
        self.0.remove_images(&[
            APP_IMAGE,
            BUILDER,
            DAEMONLESS_APP_IMAGE,
            DAEMONLESS_BUILDER,
            RUN_IMAGE,
        ]);
        // pack keeps the app's build cache in volumes named after it (a new key each run).
        for image in ["pack-cli-node-server", "pack-cli-daemonless-node-server"] {
            self.0
                .remove_volumes(&format!("pack-cache-{image}_latest-"));
        }
    }
}
