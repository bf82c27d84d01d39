//! Lays out a builder from its `builder.toml` as a builder image holds it, for a platform that
//! runs the lifecycle without one: `<cnb>/buildpacks/<escaped id>/<version>/` for each
//! `[[buildpacks]]` and `<cnb>/order.toml` from its `[[order]]` groups.

use crate::Result;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// Lays out `builder_toml` in `cnb_dir`, replacing what was there. Each buildpack comes from
/// its `uri` (relative to the builder.toml), or with `packaged` from `<packaged>/<escaped id>`
/// (the buildpacks `scripts/package` wrote with another profile).
pub fn lay_out(builder_toml: &Path, cnb_dir: &Path, packaged: Option<&Path>) -> Result<()> {
    let spec = read_local(builder_toml)?;
    let base = builder_toml.parent().unwrap_or(Path::new("."));
    if cnb_dir.exists() {
        fs_err::remove_dir_all(cnb_dir)?;
    }
    fs_err::create_dir_all(cnb_dir.join("buildpacks"))?;
    for buildpack in tables(&spec, "buildpacks") {
        let id = text(buildpack, "id")?;
        let escaped = id.replace('/', "_");
        let source = match packaged {
            Some(dir) => dir.join(&escaped),
            None => base.join(text(buildpack, "uri")?),
        };
        let target = cnb_dir
            .join("buildpacks")
            .join(&escaped)
            .join(text(buildpack, "version")?);
        copy_tree(&source, &target)
            .map_err(|error| format!("buildpack {id} from {}: {error}", source.display()))?;
    }
    fs_err::write(cnb_dir.join("order.toml"), order_toml(&spec)?)?;
    Ok(())
}

/// Reads a builder this tool can build with: valid for pack, and on our local stack. The
/// jammy and noble builders name Paketo's images, which this tool neither builds nor pulls.
pub(crate) fn read_local(builder_toml: &Path) -> Result<Table> {
    crate::builder_config::check_file(builder_toml)?;
    let spec: Table = fs_err::read_to_string(builder_toml)?.parse()?;
    let build_image = spec
        .get("build")
        .and_then(|build| build.get("image"))
        .and_then(Value::as_str)
        .or_else(|| {
            spec.get("stack")
                .and_then(|stack| stack.get("build-image"))
                .and_then(Value::as_str)
        })
        .unwrap_or_default();
    if build_image != crate::stack::BUILD_IMAGE {
        return Err(format!(
            "{} builds on {build_image}, a stack this tool does not have: stowage-dev lays out \
             builders on {} only. Create this one with \
             `pack builder create <image> --config {}` on a machine that can pull its images.",
            builder_toml.display(),
            crate::stack::BUILD_IMAGE,
            builder_toml.display(),
        )
        .into());
    }
    Ok(spec)
}

/// The `order.toml` of a builder: its `[[order]]` groups with id, version and optional.
pub(crate) fn order_toml(spec: &Table) -> Result<String> {
    let mut orders = Vec::new();
    for order in tables(spec, "order") {
        let mut group = Vec::new();
        for entry in tables(order, "group") {
            let mut kept = Table::new();
            for key in ["id", "version"] {
                kept.insert(key.into(), Value::String(text(entry, key)?.to_string()));
            }
            if entry.get("optional").and_then(Value::as_bool) == Some(true) {
                kept.insert("optional".into(), Value::Boolean(true));
            }
            group.push(Value::Table(kept));
        }
        orders.push(Value::Table(Table::from_iter([(
            "group".to_string(),
            Value::Array(group),
        )])));
    }
    let document = Table::from_iter([("order".to_string(), Value::Array(orders))]);
    Ok(toml::to_string(&document)?)
}

pub(crate) fn tables<'a>(table: &'a Table, key: &str) -> impl Iterator<Item = &'a Table> {
    table
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_table)
}

pub(crate) fn text<'a>(table: &'a Table, key: &str) -> Result<&'a str> {
    table
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("an entry has no {key}: {table}").into())
}

/// Copies a folder tree, keeping symlinks as links (`bin/detect -> build`) and file modes.
pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs_err::create_dir_all(to)?;
    for entry in fs_err::read_dir(from)? {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            std::os::unix::fs::symlink(fs_err::read_link(entry.path())?, &target)?;
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs_err::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, text).expect("write");
    }

    const BUILDER: &str = r#"
description = "test"
[[buildpacks]]
id = "stowage/demo"
version = "0.1.0"
uri = "../packaged/stowage_demo"

[[order]]
[[order.group]]
id = "stowage/demo"
version = "0.1.0"
[[order.group]]
id = "stowage/other"
version = "0.2.0"
optional = true

[build]
image = "stowage.local/build:bookworm"
[run]
[[run.images]]
image = "stowage.local/run:bookworm"
"#;

    #[test]
    fn lays_out_buildpacks_by_id_and_version_and_the_order() {
        let root = tempfile::tempdir().expect("temp dir");
        write(&root.path().join("builders/builder.toml"), BUILDER);
        let packaged = root.path().join("packaged/stowage_demo");
        write(&packaged.join("buildpack.toml"), "api = \"0.10\"\n");
        write(&packaged.join("bin/build"), "#!/bin/sh\n");
        std::os::unix::fs::symlink("build", packaged.join("bin/detect")).expect("link");
        let cnb = root.path().join("cnb");
        write(&cnb.join("stale"), "");

        lay_out(&root.path().join("builders/builder.toml"), &cnb, None).expect("laid out");

        let installed = cnb.join("buildpacks/stowage_demo/0.1.0");
        assert!(installed.join("buildpack.toml").is_file());
        assert_eq!(
            fs_err::read_link(installed.join("bin/detect")).expect("link"),
            Path::new("build")
        );
        assert!(!cnb.join("stale").exists());
        let order: Table = fs_err::read_to_string(cnb.join("order.toml"))
            .expect("order")
            .parse()
            .expect("toml");
        let group = order["order"][0]["group"].as_array().expect("group");
        assert_eq!(group.len(), 2);
        assert_eq!(group[0]["id"].as_str(), Some("stowage/demo"));
        assert_eq!(group[0].get("optional"), None);
        assert_eq!(group[1]["version"].as_str(), Some("0.2.0"));
        assert_eq!(group[1]["optional"].as_bool(), Some(true));
    }

    #[test]
    fn packaged_replaces_the_uri_and_a_missing_buildpack_is_named() {
        let root = tempfile::tempdir().expect("temp dir");
        write(&root.path().join("builders/builder.toml"), BUILDER);
        let local = root.path().join("local");
        write(&local.join("stowage_demo/buildpack.toml"), "local\n");
        let cnb = root.path().join("cnb");

        lay_out(
            &root.path().join("builders/builder.toml"),
            &cnb,
            Some(&local),
        )
        .expect("laid out");
        let copied = cnb.join("buildpacks/stowage_demo/0.1.0/buildpack.toml");
        assert_eq!(fs_err::read_to_string(copied).expect("read"), "local\n");

        let error = lay_out(&root.path().join("builders/builder.toml"), &cnb, None)
            .expect_err("the uri has nothing");
        assert!(error.to_string().contains("stowage/demo"), "{error}");
    }

    #[test]
    fn a_builder_on_paketos_images_is_refused_with_what_to_do() {
        let root = tempfile::tempdir().expect("temp dir");
        for name in ["jammy", "noble"] {
            let builder = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("../builders/{name}/builder.toml"));
            let error = lay_out(&builder, &root.path().join("cnb"), None)
                .expect_err("not our stack")
                .to_string();
            let image = if name == "jammy" {
                "paketobuildpacks/build-jammy-base"
            } else {
                "paketobuildpacks/ubuntu-noble-build"
            };
            assert!(error.contains(image), "{error}");
            assert!(error.contains("pack builder create"), "{error}");
        }
        assert!(!root.path().join("cnb").exists(), "nothing laid out");
    }

    #[test]
    fn a_builder_pack_would_refuse_is_refused() {
        let root = tempfile::tempdir().expect("temp dir");
        let path = root.path().join("builders/builder.toml");
        write(
            &path,
            &BUILDER.replace("optional = true", "optionnal = true"),
        );
        let error = lay_out(&path, &root.path().join("cnb"), None)
            .expect_err("typo")
            .to_string();
        assert!(error.contains("optionnal"), "{error}");
    }
}
