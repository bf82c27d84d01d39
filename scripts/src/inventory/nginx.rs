//! The nginx inventory (id `nginx`, as `dependency-metadata/nginx.toml`) of a folder of
//! `nginx-<Debian version>-linux-amd64.tar.gz` archives. Its default and both of Paketo's
//! version lines (`mainline`, `stable`) are the newest nginx there: Debian ships one.

use super::{debian_archives_in, local_entry, numbers, sha256_cached};
use crate::Result;
use std::path::Path;
use toml::{Table, Value};

/// The `[metadata]` inventory of the nginx archives in `dir` served under `base_uri`.
pub fn nginx_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let text = |value: &str| Value::String(value.to_string());
    let found = debian_archives_in(dir, "nginx-", "-linux-amd64.tar.gz", numbers)?;
    let Some((newest, _)) = found.last() else {
        return Err(format!("no nginx-<version>-linux-amd64.tar.gz in {}", dir.display()).into());
    };
    let line = format!("{}.{}.*", newest[0], newest[1]);
    let mut dependencies = Vec::new();
    for (version, debian_version) in &found {
        let name = crate::artifacts::nginx::archive_name(debian_version);
        let sha256 = sha256_cached(&dir.join(&name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        let version = format!("{}.{}.{}", version[0], version[1], version[2]);
        let mut entry = local_entry("nginx", "Debian nginx", &version, &uri, &sha256);
        entry.insert(
            "stacks".into(),
            Value::Array(vec![text("io.stowage.stacks.bookworm")]),
        );
        entry.insert(
            "cpe".into(),
            text(&format!("cpe:2.3:a:f5:nginx:{version}:*:*:*:*:*:*:*")),
        );
        entry.insert(
            "purl".into(),
            text(&format!(
                "pkg:deb/debian/nginx@{}?arch=amd64&distro=debian-12",
                debian_version.replace('+', "%2B").replace(':', "%3A")
            )),
        );
        entry.insert("licenses".into(), Value::Array(vec![text("BSD-2-Clause")]));
        dependencies.push(Value::Table(entry));
    }
    let lines = Table::from_iter([
        ("mainline".to_string(), text(&line)),
        ("stable".to_string(), text(&line)),
    ]);
    Ok(Table::from_iter([
        (
            "default-versions".to_string(),
            Value::Table(Table::from_iter([("nginx".to_string(), text(&line))])),
        ),
        ("version-lines".to_string(), Value::Table(lines)),
        ("dependencies".to_string(), Value::Array(dependencies)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::inventory::{Inventory, Target, lint};

    #[test]
    fn an_entry_per_archive_and_the_newest_line_as_default_mainline_and_stable() {
        let dir = tempfile::tempdir().expect("temp dir");
        for version in ["1.22.1-9+deb12u11", "1.20.2-1"] {
            fs_err::write(
                dir.path()
                    .join(format!("nginx-{version}-linux-amd64.tar.gz")),
                version,
            )
            .expect("write");
        }
        fs_err::write(dir.path().join("nginx-x-linux-amd64.tar.gz"), "x").expect("write");
        let table = nginx_inventory_in(dir.path(), "file:///stowage-deps/").expect("inventory");
        let text = toml::to_string(&table).expect("toml");
        let inventory: Inventory = toml::from_str(&text).expect("parses");
        assert_eq!(inventory.default_version("nginx"), Some("1.22.*"));
        assert_eq!(table["version-lines"]["mainline"].as_str(), Some("1.22.*"));
        assert_eq!(table["version-lines"]["stable"].as_str(), Some("1.22.*"));
        let versions: Vec<String> = inventory
            .dependencies
            .iter()
            .map(|d| format!("{} {}", d.version, d.uri))
            .collect();
        assert_eq!(
            versions,
            [
                "1.20.2 file:///stowage-deps/nginx-1.20.2-1-linux-amd64.tar.gz",
                "1.22.1 file:///stowage-deps/nginx-1.22.1-9+deb12u11-linux-amd64.tar.gz",
            ]
        );
        let newest = &inventory.dependencies[1];
        assert!(Target::new("linux", "x86_64", "debian", "12").fits(newest));
        assert!(!Target::new("linux", "x86_64", "ubuntu", "22.04").fits(newest));
        assert_eq!(newest.strip_components, 1);
        assert_eq!(
            lint(&text.replace("file:///", "https://")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_folder_without_archives_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = nginx_inventory_in(dir.path(), "file:///x").expect_err("empty");
        assert!(error.to_string().contains("nginx-<version>"), "{error}");
    }
}
