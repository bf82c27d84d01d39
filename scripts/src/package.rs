//! Packages a buildpack into the directory layout a CNB platform reads:
//! `<out>/<id with / as _>/{buildpack.toml, bin/build, bin/detect -> build}`.
//!
//! A component buildpack's source `buildpack.toml` names the dependency files it ships under
//! `[metadata.packaging] dependencies = ["node"]`; packaging fills `[metadata]` from
//! `dependency-metadata/<name>.toml` (or from a caller's replacement, as tests do), so the
//! checked-in files stay the single source of truth.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

use crate::Result;

/// Where packaging finds what it needs.
pub struct Packager {
    /// `dependency-metadata/` of the workspace.
    pub metadata_dir: PathBuf,
    /// The cargo target dir's profile folder holding the compiled binaries (`target/release`).
    pub binaries_dir: PathBuf,
    /// Replacement inventories by dependency file name, e.g. a test inventory for `node`.
    pub inventory_overrides: BTreeMap<String, Table>,
}

impl Packager {
    /// Packages the buildpack or meta-buildpack in `source_dir` under `out_dir` and returns its folder.
    pub fn package(&self, source_dir: &Path, out_dir: &Path) -> Result<PathBuf> {
        let descriptor_path = source_dir.join("buildpack.toml");
        let mut descriptor: Table = fs_err::read_to_string(&descriptor_path)?.parse()?;
        let id = descriptor
            .get("buildpack")
            .and_then(|buildpack| buildpack.get("id"))
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{} has no buildpack.id", descriptor_path.display()))?
            .to_string();
        let target = out_dir.join(id.replace('/', "_"));
        if target.exists() {
            fs_err::remove_dir_all(&target)?;
        }
        fs_err::create_dir_all(&target)?;

        let packaging = take_packaging(&mut descriptor);
        if !descriptor.contains_key("order") {
            self.fill_inventory(&mut descriptor, &packaging)?;
            let crate_name = source_dir
                .file_name()
                .and_then(|name| name.to_str())
                .ok_or("buildpack folder has no name")?;
            self.install_binaries(crate_name, &packaging, &target)?;
        }
        fs_err::write(target.join("buildpack.toml"), toml::to_string(&descriptor)?)?;
        // pack's `buildpack package` and our `buildpackage` read it from the packaged folder.
        let package_toml = source_dir.join("package.toml");
        if !package_toml.is_file() {
            return Err(format!(
                "{} is missing: every buildpack has one (a component's holds `[buildpack] uri = \".\"`)",
                package_toml.display()
            )
            .into());
        }
        fs_err::copy(&package_toml, target.join("package.toml"))?;
        Ok(target)
    }

    fn fill_inventory(&self, descriptor: &mut Table, packaging: &Table) -> Result<()> {
        let names = string_list(packaging, "dependencies");
        if names.is_empty() {
            return Ok(());
        }
        let metadata = descriptor
            .entry("metadata")
            .or_insert_with(|| Value::Table(Table::new()))
            .as_table_mut()
            .ok_or("[metadata] is not a table")?;
        for name in names {
            let inventory = if let Some(inventory) = self.inventory_overrides.get(&name) {
                inventory.clone()
            } else {
                let path = self.metadata_dir.join(format!("{name}.toml"));
                fs_err::read_to_string(&path)?.parse::<Table>()?
            };
            merge_inventory(metadata, inventory);
        }
        Ok(())
    }

    fn install_binaries(&self, crate_name: &str, packaging: &Table, target: &Path) -> Result<()> {
        let bin = target.join("bin");
        fs_err::create_dir_all(&bin)?;
        copy_executable(&self.binaries_dir.join(crate_name), &bin.join("build"))?;
        // libcnb picks the phase from argv[0], so detect is the same binary under another name.
        std::os::unix::fs::symlink("build", bin.join("detect"))?;
        let additional = target.join(".libcnb-cargo/additional-bin");
        for name in string_list(packaging, "additional-binaries") {
            fs_err::create_dir_all(&additional)?;
            copy_executable(&self.binaries_dir.join(&name), &additional.join(&name))?;
        }
        Ok(())
    }
}

/// Removes `[metadata.packaging]`: it instructs packaging and means nothing to a platform.
fn take_packaging(descriptor: &mut Table) -> Table {
    let metadata = descriptor.get_mut("metadata").and_then(Value::as_table_mut);
    let packaging = metadata
        .and_then(|metadata| metadata.remove("packaging"))
        .and_then(|value| value.as_table().cloned())
        .unwrap_or_default();
    if descriptor
        .get("metadata")
        .and_then(Value::as_table)
        .is_some_and(Table::is_empty)
    {
        descriptor.remove("metadata");
    }
    packaging
}

/// Appends `dependencies` and `dependency-constraints`, and merges `default-versions`.
fn merge_inventory(metadata: &mut Table, inventory: Table) {
    for (key, value) in inventory {
        match (metadata.get_mut(&key), value) {
            (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more),
            (Some(Value::Table(existing)), Value::Table(more)) => existing.extend(more),
            (_, value) => {
                metadata.insert(key, value);
            }
        }
    }
}

fn string_list(table: &Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn copy_executable(from: &Path, to: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs_err::copy(from, to).map_err(|error| format!("{error} (build the buildpacks first)"))?;
    fs_err::set_permissions(to, std::fs::Permissions::from_mode(0o755))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, text).expect("write");
    }

    #[test]
    fn packages_binaries_and_fills_the_inventory() {
        let root = tempfile::tempdir().expect("temp dir");
        let source = root.path().join("buildpacks/demo");
        write(
            &source.join("buildpack.toml"),
            "api = \"0.10\"\n[buildpack]\nid = \"stowage/demo\"\nversion = \"0.1.0\"\n[metadata.packaging]\ndependencies = [\"tool\"]\nadditional-binaries = [\"helper\"]\n",
        );
        write(
            &root.path().join("dependency-metadata/tool.toml"),
            "[default-versions]\ntool = \"1.*\"\n[[dependencies]]\nid = \"tool\"\nversion = \"1.0.0\"\n",
        );
        write(&root.path().join("bin/demo"), "#!/bin/sh\n");
        write(&root.path().join("bin/helper"), "#!/bin/sh\n");
        write(&source.join("package.toml"), "[buildpack]\nuri = \".\"\n");
        let packager = Packager {
            metadata_dir: root.path().join("dependency-metadata"),
            binaries_dir: root.path().join("bin"),
            inventory_overrides: BTreeMap::new(),
        };

        let out = packager
            .package(&source, &root.path().join("out"))
            .expect("packaged");

        assert!(out.ends_with("stowage_demo"));
        let descriptor: Table = fs_err::read_to_string(out.join("buildpack.toml"))
            .expect("read")
            .parse()
            .expect("toml");
        let metadata = descriptor["metadata"].as_table().expect("metadata");
        assert!(!metadata.contains_key("packaging"));
        assert_eq!(metadata["default-versions"]["tool"].as_str(), Some("1.*"));
        assert_eq!(
            metadata["dependencies"][0]["version"].as_str(),
            Some("1.0.0")
        );
        assert_eq!(
            fs_err::read_link(out.join("bin/detect")).expect("symlink"),
            Path::new("build")
        );
        assert!(out.join("bin/build").is_file());
        assert!(out.join(".libcnb-cargo/additional-bin/helper").is_file());
        assert_eq!(
            fs_err::read_to_string(out.join("package.toml")).expect("package.toml"),
            "[buildpack]\nuri = \".\"\n"
        );
    }

    #[test]
    fn an_override_replaces_the_checked_in_inventory() {
        let root = tempfile::tempdir().expect("temp dir");
        let source = root.path().join("buildpacks/demo");
        write(
            &source.join("buildpack.toml"),
            "api = \"0.10\"\n[buildpack]\nid = \"stowage/demo\"\nversion = \"0.1.0\"\n[metadata.packaging]\ndependencies = [\"tool\"]\n",
        );
        write(&root.path().join("bin/demo"), "#!/bin/sh\n");
        write(&source.join("package.toml"), "[buildpack]\nuri = \".\"\n");
        let test_inventory: Table = "[[dependencies]]\nid = \"tool\"\nversion = \"9.9.9\"\n"
            .parse()
            .expect("toml");
        let packager = Packager {
            metadata_dir: root.path().join("missing"),
            binaries_dir: root.path().join("bin"),
            inventory_overrides: BTreeMap::from([("tool".to_string(), test_inventory)]),
        };
        let out = packager
            .package(&source, &root.path().join("out"))
            .expect("packaged");
        let text = fs_err::read_to_string(out.join("buildpack.toml")).expect("read");
        assert!(text.contains("9.9.9"), "{text}");
    }
}
