//! The .NET inventory of a folder of `dotnet-runtime-<v>-linux-x64.tar.gz` archives (the 3.1
//! runtime repacked from `PyPI`'s `dotnetcore2`): id `dotnet-core-aspnet-runtime` (Paketo
//! serves both frameworks from one dependency), as `dependency-metadata/aspnetcore-runtime.toml`;
//! this one has `Microsoft.NETCore.App` only. The repack's bytes are not Microsoft's, so its
//! entries are local ones (its own checksum), not upstream entries served elsewhere.

use super::{local_entry, sha256_cached};
use crate::Result;
use crate::artifacts::dotnet::archive_version;
use std::path::Path;
use toml::{Table, Value};

/// The `[metadata]` inventory of the runtime archives in `dir` served under `base_uri`.
pub fn runtime_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let mut found: Vec<(semver::Version, String)> = fs_err::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = archive_version(&name)?.parse().ok()?;
            Some((version, name))
        })
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(format!(
            "no dotnet-runtime-<version>-linux-x64.tar.gz in {}",
            dir.display()
        )
        .into());
    }
    let mut dependencies = Vec::new();
    for (version, name) in &found {
        let sha256 = sha256_cached(&dir.join(name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        let mut entry = local_entry(
            "dotnet-core-aspnet-runtime",
            ".NET Core Runtime",
            &version.to_string(),
            &uri,
            &sha256,
        );
        // Microsoft's archives have no top folder.
        entry.remove("strip-components");
        let text = |value: String| Value::String(value);
        entry.insert("stacks".into(), Value::Array(vec![text("*".into())]));
        entry.insert(
            "cpe".into(),
            text(format!("cpe:2.3:a:microsoft:.net:{version}:*:*:*:*:*:*:*")),
        );
        entry.insert(
            "purl".into(),
            text(format!(
                "pkg:generic/dotnet-runtime@{version}?checksum={sha256}&download_url={uri}"
            )),
        );
        entry.insert("licenses".into(), Value::Array(vec![text("MIT".into())]));
        dependencies.push(Value::Table(entry));
    }
    Ok(Table::from_iter([(
        "dependencies".to_string(),
        Value::Array(dependencies),
    )]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::inventory::{Inventory, Target, lint};

    #[test]
    fn runtime_entries_without_a_top_folder() {
        let dir = tempfile::tempdir().expect("dir");
        for name in [
            "dotnet-runtime-3.1.23-linux-x64.tar.gz",
            "dotnet-runtime-x-linux-x64.tar.gz",
            "other.tgz",
        ] {
            fs_err::write(dir.path().join(name), name).expect("write");
        }
        let table = runtime_inventory_in(dir.path(), "http://127.0.0.1:9/").expect("inventory");
        let text = toml::to_string(&table).expect("toml");
        let inventory: Inventory = toml::from_str(&text).expect("parses");
        assert_eq!(inventory.dependencies.len(), 1);
        let entry = &inventory.dependencies[0];
        assert_eq!(entry.id, "dotnet-core-aspnet-runtime");
        assert_eq!(entry.version.to_string(), "3.1.23");
        assert_eq!(entry.strip_components, 0);
        assert_eq!(
            entry.uri,
            "http://127.0.0.1:9/dotnet-runtime-3.1.23-linux-x64.tar.gz"
        );
        assert!(Target::new("linux", "amd64", "debian", "12").fits(entry));
        assert_eq!(
            lint(&text.replace("http://", "https://")),
            Vec::<String>::new()
        );
        let empty = tempfile::tempdir().expect("dir");
        assert!(runtime_inventory_in(empty.path(), "x").is_err());
    }
}
