use super::*;
use crate::oci::read;

fn write(path: &Path, text: &str) {
    fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs_err::write(path, text).expect("write");
}

const BUILDER: &str = r#"
description = "test builder"
[[buildpacks]]
id = "stowage/one"
version = "0.1.0"
uri = "../packaged/stowage_one"
[[buildpacks]]
id = "stowage/meta"
version = "0.2.0"
uri = "../packaged/stowage_meta"

[[order]]
[[order.group]]
id = "stowage/meta"
version = "0.2.0"
[[order]]
[[order.group]]
id = "stowage/one"
version = "0.1.0"
optional = true

[build]
image = "stowage.local/build:bookworm"
[run]
[[run.images]]
image = "stowage.local/run:bookworm"
"#;

/// Every file under `dir` with its contents (or link target), by relative path.
fn listing(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs_err::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            let kind = fs_err::symlink_metadata(&path).expect("stat").file_type();
            let relative = path.strip_prefix(dir).expect("under").to_path_buf();
            if kind.is_symlink() {
                found.push((
                    relative,
                    format!("-> {}", fs_err::read_link(&path).expect("link").display()),
                ));
            } else if kind.is_dir() {
                stack.push(path);
            } else {
                found.push((relative, fs_err::read_to_string(&path).expect("text")));
            }
        }
    }
    found.sort();
    found
}

/// Two packaged buildpacks, a builder.toml naming them, a build root and a lifecycle.
fn packaged_builder(root: &Path) -> Inputs {
    for (name, extra) in [
        ("one", ""),
        (
            "meta",
            "[[order]]\n[[order.group]]\nid = \"stowage/one\"\nversion = \"0.1.0\"\n",
        ),
    ] {
        let version = if name == "one" { "0.1.0" } else { "0.2.0" };
        let dir = root.join("packaged").join(format!("stowage_{name}"));
        write(
            &dir.join("buildpack.toml"),
            &format!(
                "api = \"0.10\"\n[buildpack]\nid = \"stowage/{name}\"\nversion = \"{version}\"\n{extra}"
            ),
        );
        write(&dir.join("package.toml"), "[buildpack]\nuri = \".\"\n");
    }
    write(&root.join("packaged/stowage_one/bin/build"), "#!/bin/sh\n");
    std::os::unix::fs::symlink("build", root.join("packaged/stowage_one/bin/detect"))
        .expect("link");
    write(&root.join("builders/builder.toml"), BUILDER);
    write(
        &root.join("rootfs/etc/os-release"),
        "ID=debian\nVERSION_ID=\"12\"\n",
    );
    write(&root.join("lifecycle/lifecycle"), "binary");
    std::os::unix::fs::symlink("lifecycle", root.join("lifecycle/detector")).expect("link");
    write(
        &root.join("go.mod"),
        "require (\n\tgithub.com/buildpacks/lifecycle v0.21.0\n)\n",
    );
    Inputs {
        build_root: root.join("rootfs"),
        lifecycle: Lifecycle::new(&root.join("lifecycle"), &root.join("go.mod"))
            .expect("lifecycle"),
        packaged: None,
        uid: 1001,
        gid: 1001,
    }
}

#[test]
fn the_builder_image_holds_what_the_harness_lays_out_and_labels_every_buildpack() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    let inputs = packaged_builder(root);
    let out = root.join("builder.oci");
    super::write(&root.join("builders/builder.toml"), &inputs, &out).expect("written");

    let (config, layers) = read::image(&out).expect("image");
    let unpacked = root.join("unpacked");
    read::unpack(&layers, &unpacked).expect("unpacked");
    let harness = root.join("harness-cnb");
    crate::builder::lay_out(&root.join("builders/builder.toml"), &harness, None).expect("laid out");
    assert_eq!(
        listing(&unpacked.join("cnb/buildpacks")),
        listing(&harness.join("buildpacks"))
    );
    assert_eq!(
        fs_err::read_to_string(unpacked.join("cnb/order.toml")).expect("order"),
        fs_err::read_to_string(harness.join("order.toml")).expect("order")
    );
    assert_eq!(
        fs_err::read_to_string(unpacked.join("cnb/lifecycle/lifecycle")).expect("lifecycle"),
        "binary"
    );
    assert_eq!(
        fs_err::read_link(unpacked.join("cnb/lifecycle/detector")).expect("link"),
        Path::new("lifecycle")
    );
    let run = fs_err::read_to_string(unpacked.join("cnb/run.toml")).expect("run.toml");
    assert!(
        run.contains("image = \"stowage.local/run:bookworm\""),
        "{run}"
    );
    assert!(unpacked.join("cnb/stack.toml").is_file() && unpacked.join("etc/os-release").is_file());

    let labels = &config["config"]["Labels"];
    let label = |name: &str| -> serde_json::Value {
        serde_json::from_str(labels[name].as_str().unwrap_or_else(|| panic!("{name}")))
            .expect("json")
    };
    let metadata = label("io.buildpacks.builder.metadata");
    let layer_label = label("io.buildpacks.buildpack.layers");
    let order = label("io.buildpacks.buildpack.order");
    assert_eq!(
        order[1]["group"][0],
        serde_json::json!({"id": "stowage/one", "version": "0.1.0", "optional": true})
    );
    for group in order.as_array().expect("orders") {
        for entry in group["group"].as_array().expect("group") {
            let (id, version) = (
                entry["id"].as_str().expect("id"),
                entry["version"].as_str().expect("version"),
            );
            assert!(
                layer_label[id][version]["layerDiffID"].is_string(),
                "{id} in the layers label"
            );
            assert!(
                metadata["buildpacks"]
                    .as_array()
                    .expect("buildpacks")
                    .iter()
                    .any(|bp| bp["id"] == id && bp["version"] == version),
                "{id} in the builder metadata"
            );
        }
    }
    assert_eq!(metadata["description"], "test builder");
    assert_eq!(
        metadata["stack"]["runImage"]["image"],
        "stowage.local/run:bookworm"
    );
    assert_eq!(metadata["lifecycle"]["version"], "0.21.0");
    assert_eq!(labels["io.buildpacks.lifecycle.version"], "0.21.0");
    assert!(
        label("io.buildpacks.lifecycle.apis")["platform"]["supported"]
            .as_array()
            .is_some_and(|apis| apis.contains(&serde_json::json!("0.12")))
    );
    assert_eq!(labels["io.buildpacks.stack.id"], crate::stack::STACK_ID);
    assert_eq!(config["config"]["WorkingDir"], "/layers");
}

#[test]
fn a_buildpack_not_packaged_yet_is_named() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    write(&root.join("builders/builder.toml"), BUILDER);
    write(&root.join("rootfs/etc/os-release"), "ID=debian\n");
    write(&root.join("lifecycle/lifecycle"), "binary");
    write(
        &root.join("go.mod"),
        "github.com/buildpacks/lifecycle v0.21.0\n",
    );
    let inputs = Inputs {
        build_root: root.join("rootfs"),
        lifecycle: Lifecycle::new(&root.join("lifecycle"), &root.join("go.mod"))
            .expect("lifecycle"),
        packaged: None,
        uid: 1,
        gid: 1,
    };
    let out = root.join("builder.oci");
    let error = super::write(&root.join("builders/builder.toml"), &inputs, &out)
        .expect_err("nothing packaged");
    assert!(
        error.to_string().contains("stowage/one") && error.to_string().contains("scripts/package"),
        "{error}"
    );
    assert!(!out.exists());
}

#[test]
fn the_lifecycle_archive_is_laid_out_as_a_lifecycle_release() {
    let temp = tempfile::tempdir().expect("temp dir");
    let inputs = packaged_builder(temp.path());
    let out = temp.path().join("lifecycle.tgz");
    inputs.lifecycle.write_archive(&out).expect("archive");
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(
        fs_err::File::open(&out).expect("open"),
    ));
    let mut names = Vec::new();
    let mut descriptor = String::new();
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("entry");
        let name = entry.path().expect("path").to_string_lossy().into_owned();
        if name == "lifecycle.toml" {
            std::io::Read::read_to_string(&mut entry, &mut descriptor).expect("read");
        }
        names.push(name);
    }
    // pack's builder create finds each binary at `<one folder>/<name>`.
    assert!(
        names.contains(&"lifecycle/lifecycle".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"lifecycle/detector".to_string()),
        "{names:?}"
    );
    let descriptor: toml::Table = descriptor.parse().expect("lifecycle.toml");
    assert_eq!(descriptor["lifecycle"]["version"].as_str(), Some("0.21.0"));
    let platform = descriptor["apis"]["platform"]["supported"]
        .as_array()
        .expect("platform apis");
    assert!(platform.contains(&"0.14".into()), "{descriptor}");
    assert_eq!(
        fs_err::read_dir(temp.path())
            .expect("list")
            .filter(|entry| entry
                .as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with(".tmp")))
            .count(),
        0,
        "no staging folder is left"
    );
}

#[test]
fn a_lifecycle_archive_into_a_missing_folder_is_refused_by_name() {
    let temp = tempfile::tempdir().expect("temp dir");
    let inputs = packaged_builder(temp.path());
    let error = inputs
        .lifecycle
        .write_archive(&temp.path().join("missing/lifecycle.tgz"))
        .expect_err("no such folder");
    assert!(error.to_string().contains("missing"), "{error}");
}

#[test]
fn a_builder_on_paketos_images_is_refused() {
    let temp = tempfile::tempdir().expect("temp dir");
    let inputs = packaged_builder(temp.path());
    let builder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../builders/jammy/builder.toml");
    let out = temp.path().join("builder.oci");
    let error = crate::builder_image::write(&builder, &inputs, &out)
        .expect_err("not our stack")
        .to_string();
    assert!(
        error.contains("paketobuildpacks/build-jammy-base"),
        "{error}"
    );
    assert!(!out.exists(), "no layout written");
}
