use super::*;
use crate::oci::read;
use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;

fn write(path: &Path, text: &str) {
    fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs_err::write(path, text).expect("write");
}

/// A packaged component `stowage_<name>` with an executable bin/build.
fn component(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(format!("stowage_{name}"));
    write(
        &dir.join("buildpack.toml"),
        &format!(
            "api = \"0.10\"\n[buildpack]\nid = \"stowage/{name}\"\nversion = \"0.1.0\"\nname = \"Stowage {name}\"\nhomepage = \"https://example.org\"\n[[buildpack.licenses]]\ntype = \"Apache-2.0\"\n[[targets]]\nos = \"linux\"\narch = \"amd64\"\n"
        ),
    );
    write(&dir.join("package.toml"), "[buildpack]\nuri = \".\"\n");
    write(&dir.join("bin/build"), "#!/bin/sh\n");
    fs_err::set_permissions(
        dir.join("bin/build"),
        std::fs::Permissions::from_mode(0o700),
    )
    .expect("chmod");
    std::os::unix::fs::symlink("build", dir.join("bin/detect")).expect("link");
    dir
}

fn meta(root: &Path, dependencies: &[&str]) -> PathBuf {
    let dir = root.join("stowage_meta");
    write(
        &dir.join("buildpack.toml"),
        "api = \"0.10\"\n[buildpack]\nid = \"stowage/meta\"\nversion = \"0.2.0\"\n[[order]]\n[[order.group]]\nid = \"stowage/one\"\nversion = \"0.1.0\"\n[[order.group]]\nid = \"stowage/two\"\nversion = \"0.1.0\"\noptional = true\n",
    );
    let mut package = String::from("[buildpack]\nuri = \".\"\n");
    for dependency in dependencies {
        writeln!(
            package,
            "[[dependencies]]\nuri = \"../stowage_{dependency}\""
        )
        .expect("string");
    }
    write(&dir.join("package.toml"), &package);
    dir
}

fn labels(layout: &Path) -> (serde_json::Value, Vec<PathBuf>) {
    let (config, layers) = read::image(layout).expect("image");
    (config["config"]["Labels"].clone(), layers)
}

#[test]
fn a_component_package_carries_the_labels_pack_writes() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = component(root.path(), "one");
    let out = root.path().join("one.oci");
    Package::read(&dir)
        .expect("read")
        .write(Format::OciLayout, &out)
        .expect("written");

    let (labels, layers) = labels(&out);
    assert_eq!(layers.len(), 1);
    assert_eq!(
        labels[METADATA_LABEL].as_str(),
        Some(
            r#"{"id":"stowage/one","name":"Stowage one","version":"0.1.0","homepage":"https://example.org","licenses":[{"Type":"Apache-2.0","URI":""}],"stacks":[{"id":"*"}]}"#
        )
    );
    let (config, _) = read::image(&out).expect("image");
    let diff_id = config["rootfs"]["diff_ids"][0].as_str().expect("diff id");
    assert_eq!(
        labels[LAYERS_LABEL].as_str().expect("layers label"),
        format!(
            r#"{{"stowage/one":{{"0.1.0":{{"api":"0.10","targets":[{{"os":"linux","arch":"amd64"}}],"layerDiffID":"{diff_id}","homepage":"https://example.org","name":"Stowage one"}}}}}}"#
        )
    );

    let unpacked = root.path().join("unpacked");
    read::unpack(&layers, &unpacked).expect("unpacked");
    let installed = unpacked.join("cnb/buildpacks/stowage_one/0.1.0");
    assert!(installed.join("buildpack.toml").is_file());
    assert_eq!(
        fs_err::read_link(installed.join("bin/detect")).expect("link"),
        Path::new("build")
    );
    let mode = fs_err::metadata(installed.join("bin/build"))
        .expect("build")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o755,
        "bin/build is executable for all, as pack sets it"
    );
}

#[test]
fn a_meta_package_holds_its_dependencies_layers_and_order() {
    let root = tempfile::tempdir().expect("temp dir");
    component(root.path(), "one");
    component(root.path(), "two");
    let dir = meta(root.path(), &["one", "two"]);
    let out = root.path().join("meta.cnb");
    Package::read(&dir)
        .expect("read")
        .write(Format::File, &out)
        .expect("written");

    // A .cnb is a tar of the layout.
    let layout = root.path().join("layout");
    tar::Archive::new(fs_err::File::open(&out).expect("open"))
        .unpack(&layout)
        .expect("untar");
    assert!(layout.join("oci-layout").is_file());
    let (labels, layers) = labels(&layout);
    assert_eq!(
        layers.len(),
        3,
        "one layer for each dependency and one for the meta-buildpack"
    );
    assert_eq!(
        labels[METADATA_LABEL].as_str(),
        Some(r#"{"id":"stowage/meta","version":"0.2.0","stacks":[{"id":"*"}]}"#)
    );
    let layer_label: serde_json::Value =
        serde_json::from_str(labels[LAYERS_LABEL].as_str().expect("label")).expect("json");
    assert_eq!(
        layer_label["stowage/meta"]["0.2.0"]["order"],
        serde_json::json!([{"group": [
            {"id": "stowage/one", "version": "0.1.0"},
            {"id": "stowage/two", "version": "0.1.0", "optional": true},
        ]}])
    );
    for id in ["stowage/one", "stowage/two"] {
        assert!(
            layer_label[id]["0.1.0"]["layerDiffID"]
                .as_str()
                .is_some_and(|d| d.starts_with("sha256:")),
            "{id}"
        );
    }
    let unpacked = root.path().join("unpacked");
    read::unpack(&layers, &unpacked).expect("unpacked");
    for folder in [
        "stowage_one/0.1.0",
        "stowage_two/0.1.0",
        "stowage_meta/0.2.0",
    ] {
        assert!(
            unpacked
                .join("cnb/buildpacks")
                .join(folder)
                .join("buildpack.toml")
                .is_file(),
            "{folder}"
        );
    }
}

#[test]
fn the_same_input_gives_the_same_digests() {
    let root = tempfile::tempdir().expect("temp dir");
    component(root.path(), "one");
    component(root.path(), "two");
    let dir = meta(root.path(), &["one", "two"]);
    let package = Package::read(&dir).expect("read");
    package
        .write(Format::OciLayout, &root.path().join("first"))
        .expect("first");
    // Touch a file: times must not reach the layers.
    let file = root.path().join("stowage_one/buildpack.toml");
    let text = fs_err::read_to_string(&file).expect("read");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    fs_err::write(&file, text).expect("rewrite");
    package
        .write(Format::OciLayout, &root.path().join("second"))
        .expect("second");
    let index = |name: &str| {
        fs_err::read_to_string(root.path().join(name).join("index.json")).expect("index")
    };
    assert_eq!(index("first"), index("second"));
    assert!(index("first").contains("sha256:"));
}

#[test]
fn a_missing_dependency_is_named() {
    let root = tempfile::tempdir().expect("temp dir");
    component(root.path(), "one");
    let dir = meta(root.path(), &["one", "two"]);
    let error = Package::read(&dir).err().expect("fails").to_string();
    assert!(
        error.contains("../stowage_two") && error.contains("package that buildpack first"),
        "{error}"
    );

    let dir = meta(root.path(), &["one"]);
    let error = Package::read(&dir).err().expect("fails").to_string();
    assert!(
        error.contains("stowage/two@0.1.0") && error.contains("package.toml"),
        "{error}"
    );
    assert!(!root.path().join("meta.oci").exists());
}

/// Every buildpack of the workspace has a package.toml: a component's packages its own folder,
/// a meta-buildpack's lists the packaged folder (`../<escaped id>`) of each buildpack its order
/// uses, and nothing else.
#[test]
fn every_buildpack_has_a_uniform_package_toml() {
    let root = crate::workspace::root();
    let mut problems = Vec::new();
    for source in crate::workspace::buildpack_sources(&root) {
        let path = source.join("package.toml");
        let Ok(text) = fs_err::read_to_string(&path) else {
            problems.push(format!("{} is missing", path.display()));
            continue;
        };
        let spec: Table = text.parse().expect("package.toml is TOML");
        let uri = spec
            .get("buildpack")
            .and_then(|b| b.get("uri"))
            .and_then(Value::as_str);
        if uri != Some(".") {
            problems.push(format!("{}: [buildpack] uri is not \".\"", path.display()));
        }
        let listed: std::collections::BTreeSet<String> = spec
            .get("dependencies")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|dep| dep.get("uri").and_then(Value::as_str).map(String::from))
            .collect();
        let descriptor = Descriptor::read(&source).expect("buildpack.toml");
        let wanted: std::collections::BTreeSet<String> = descriptor
            .order
            .iter()
            .flat_map(|order| &order.group)
            .map(|entry| format!("../{}", entry.id.replace('/', "_")))
            .collect();
        if listed != wanted {
            problems.push(format!(
                "{}: [[dependencies]] are {listed:?}, its order uses {wanted:?}",
                path.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
