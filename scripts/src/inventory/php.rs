//! The PHP inventories of a folder of `php-<Debian version>-linux-amd64.tar.gz` archives and
//! `composer-<Debian version>.phar` files: ids `php` and `composer`, as
//! `dependency-metadata/php.toml` and `composer.toml`. Debian's PHP 8.2 is no upstream entry
//! (Paketo ships 8.3 to 8.5, built for Ubuntu), so the local inventory lists it with a default
//! of its own minor line, so an app asking for nothing still builds.

use super::{debian_archives_in, local_entry, numbers, sha256_cached};
use crate::Result;
use crate::artifacts::deb::upstream_version;
use std::path::Path;
use toml::{Table, Value};

/// The `[metadata]` inventory of the PHP archives in `dir` served under `base_uri`.
pub fn php_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let found = debian_archives_in(dir, "php-", "-linux-amd64.tar.gz", numbers)?;
    let Some((newest, _)) = found.last() else {
        return Err(format!("no php-<version>-linux-amd64.tar.gz in {}", dir.display()).into());
    };
    let line = format!("{}.{}.*", newest[0], newest[1]);
    let mut dependencies = Vec::new();
    for (_, debian_version) in &found {
        let name = crate::artifacts::php::archive_name(debian_version);
        let version = upstream_version(debian_version);
        let mut entry = entry_for(dir, base_uri, "php", "PHP", &name, version)?;
        insert_identity(
            &mut entry,
            &format!("cpe:2.3:a:php:php:{version}:*:*:*:*:*:*:*"),
            &purl("php8.2", debian_version),
            &["PHP-3.01"],
        );
        dependencies.push(Value::Table(entry));
    }
    Ok(inventory("php", &line, dependencies))
}

/// The `[metadata]` inventory of the Composer phars in `dir` served under `base_uri`. A phar
/// is the download itself: nothing to strip.
pub fn composer_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let found = debian_archives_in(dir, "composer-", ".phar", numbers)?;
    if found.is_empty() {
        return Err(format!("no composer-<version>.phar in {}", dir.display()).into());
    }
    let mut dependencies = Vec::new();
    for (_, debian_version) in &found {
        let name = crate::artifacts::php::composer_archive_name(debian_version);
        let version = upstream_version(debian_version);
        let mut entry = entry_for(dir, base_uri, "composer", "composer", &name, version)?;
        entry.remove("strip-components");
        insert_identity(
            &mut entry,
            &format!("cpe:2.3:a:getcomposer:composer:{version}:*:*:*:*:*:*:*"),
            &purl("composer", debian_version),
            &["MIT"],
        );
        entry.insert("stacks".into(), Value::Array(vec![text("*")]));
        dependencies.push(Value::Table(entry));
    }
    Ok(inventory("composer", "*", dependencies))
}

fn entry_for(
    dir: &Path,
    base_uri: &str,
    id: &str,
    title: &str,
    name: &str,
    version: &str,
) -> Result<Table> {
    let sha256 = sha256_cached(&dir.join(name))?;
    let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
    let mut entry = local_entry(id, &format!("Debian {title}"), version, &uri, &sha256);
    entry.insert(
        "stacks".into(),
        Value::Array(vec![text("io.stowage.stacks.bookworm")]),
    );
    Ok(entry)
}

fn insert_identity(entry: &mut Table, cpe: &str, purl: &str, licenses: &[&str]) {
    entry.insert("cpe".into(), text(cpe));
    entry.insert("purl".into(), text(purl));
    entry.insert(
        "licenses".into(),
        Value::Array(licenses.iter().map(|license| text(license)).collect()),
    );
}

fn purl(package: &str, debian_version: &str) -> String {
    format!(
        "pkg:deb/debian/{package}@{}?arch=amd64&distro=debian-12",
        debian_version
            .replace('+', "%2B")
            .replace(':', "%3A")
            .replace('~', "%7E")
    )
}

fn inventory(id: &str, default: &str, dependencies: Vec<Value>) -> Table {
    Table::from_iter([
        (
            "default-versions".to_string(),
            Value::Table(Table::from_iter([(id.to_string(), text(default))])),
        ),
        ("dependencies".to_string(), Value::Array(dependencies)),
    ])
}

fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::inventory::{Inventory, Target, lint};

    #[test]
    fn php_and_composer_entries_with_the_local_line_as_default() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "php-8.2.36-1~deb12u1-linux-amd64.tar.gz",
            "php-8.2.29-1~deb12u1-linux-amd64.tar.gz",
            "composer-2.5.5-1+deb12u5.phar",
            "php-x-linux-amd64.tar.gz",
        ] {
            fs_err::write(dir.path().join(name), name).expect("write");
        }
        let php = php_inventory_in(dir.path(), "http://127.0.0.1:9/").expect("php");
        let text = toml::to_string(&php).expect("toml");
        let inventory: Inventory = toml::from_str(&text).expect("parses");
        assert_eq!(inventory.default_version("php"), Some("8.2.*"));
        let versions: Vec<String> = inventory
            .dependencies
            .iter()
            .map(|d| d.version.to_string())
            .collect();
        assert_eq!(versions, ["8.2.29", "8.2.36"]);
        let newest = &inventory.dependencies[1];
        assert_eq!(
            newest.uri,
            "http://127.0.0.1:9/php-8.2.36-1~deb12u1-linux-amd64.tar.gz"
        );
        assert!(Target::new("linux", "x86_64", "debian", "12").fits(newest));
        assert_eq!(newest.strip_components, 1);
        assert_eq!(
            lint(&text.replace("http://", "https://")),
            Vec::<String>::new()
        );

        let composer = composer_inventory_in(dir.path(), "http://127.0.0.1:9").expect("composer");
        let text = toml::to_string(&composer).expect("toml");
        let inventory: Inventory = toml::from_str(&text).expect("parses");
        assert_eq!(inventory.dependencies.len(), 1);
        assert_eq!(inventory.dependencies[0].version.to_string(), "2.5.5");
        assert_eq!(inventory.dependencies[0].strip_components, 0);
        assert_eq!(
            lint(&text.replace("http://", "https://")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_folder_without_archives_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = php_inventory_in(dir.path(), "file:///x").expect_err("empty");
        assert!(error.to_string().contains("php-<version>"), "{error}");
        let error = composer_inventory_in(dir.path(), "file:///x").expect_err("empty");
        assert!(error.to_string().contains("composer-<version>"), "{error}");
    }
}
