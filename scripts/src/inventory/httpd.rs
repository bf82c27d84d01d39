//! The httpd inventory (id `httpd`, as `dependency-metadata/httpd.toml`) of a folder of
//! `httpd-<Debian version>-linux-amd64.tar.gz` archives. Like Paketo's, it has no default
//! version: the newest wins.

use super::{debian_archives_in, local_entry, sha256_cached};
use crate::Result;
use crate::artifacts::httpd::archive_name;
use std::path::Path;
use toml::{Table, Value};

/// The `[metadata]` inventory of the httpd archives in `dir` served under `base_uri`.
pub fn httpd_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let text = |value: &str| Value::String(value.to_string());
    let found = debian_archives_in(dir, "httpd-", "-linux-amd64.tar.gz", |version| {
        semver::Version::parse(version).ok()
    })?;
    if found.is_empty() {
        return Err(format!("no httpd-<version>-linux-amd64.tar.gz in {}", dir.display()).into());
    }
    let mut dependencies = Vec::new();
    for (version, debian_version) in &found {
        let name = archive_name(debian_version);
        let sha256 = sha256_cached(&dir.join(&name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        let version = version.to_string();
        let mut entry = local_entry(
            "httpd",
            "Debian Apache HTTP Server",
            &version,
            &uri,
            &sha256,
        );
        entry.insert(
            "stacks".into(),
            Value::Array(vec![text("io.stowage.stacks.bookworm")]),
        );
        entry.insert(
            "cpe".into(),
            text(&format!(
                "cpe:2.3:a:apache:http_server:{version}:*:*:*:*:*:*:*"
            )),
        );
        entry.insert(
            "purl".into(),
            text(&format!(
                "pkg:deb/debian/apache2-bin@{}?arch=amd64&distro=debian-12",
                debian_version.replace('+', "%2B").replace(':', "%3A")
            )),
        );
        entry.insert("licenses".into(), Value::Array(vec![text("Apache-2.0")]));
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
    fn an_entry_per_archive_without_a_default() {
        let dir = tempfile::tempdir().expect("temp dir");
        for version in ["2.4.71-1~deb12u1", "2.4.62-1~deb12u2"] {
            fs_err::write(dir.path().join(archive_name(version)), version).expect("write");
        }
        fs_err::write(dir.path().join("httpd-x-linux-amd64.tar.gz"), "x").expect("write");
        let table = httpd_inventory_in(dir.path(), "file:///stowage-deps/").expect("inventory");
        let text = toml::to_string(&table).expect("toml");
        let inventory: Inventory = toml::from_str(&text).expect("parses");
        assert_eq!(inventory.default_version("httpd"), None);
        let versions: Vec<String> = inventory
            .dependencies
            .iter()
            .map(|d| format!("{} {}", d.version, d.uri))
            .collect();
        assert_eq!(
            versions,
            [
                "2.4.62 file:///stowage-deps/httpd-2.4.62-1~deb12u2-linux-amd64.tar.gz",
                "2.4.71 file:///stowage-deps/httpd-2.4.71-1~deb12u1-linux-amd64.tar.gz",
            ]
        );
        let newest = &inventory.dependencies[1];
        assert!(Target::new("linux", "x86_64", "debian", "12").fits(newest));
        assert_eq!(newest.strip_components, 1);
        assert!(
            newest
                .purl
                .as_deref()
                .is_some_and(|p| p.contains("apache2-bin@2.4.71-1~deb12u1"))
        );
        assert_eq!(
            lint(&text.replace("file:///", "https://")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_folder_without_archives_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = httpd_inventory_in(dir.path(), "file:///x").expect_err("empty");
        assert!(error.to_string().contains("httpd-<version>"), "{error}");
    }
}
