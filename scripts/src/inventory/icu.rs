//! The ICU inventory (id `icu`, as `dependency-metadata/icu.toml`) of a folder of
//! `icu-<Debian version>-r<recipe>-linux-amd64.tar.gz` archives (Debian 12's libicu72). ICU
//! numbers its releases `<major>.<minor>`; the entry's version is `<major>.<minor>.0`.

use super::{debian_archives_in, local_entry, sha256_cached};
use crate::Result;
use crate::artifacts::icu::archive_name;
use std::path::Path;
use toml::{Table, Value};

/// `72.1` → `[72, 1, 0]`; `72.1.2` → `[72, 1, 2]`.
fn icu_numbers(version: &str) -> Option<[u64; 3]> {
    let mut parts: Vec<u64> = version
        .split('.')
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    parts.resize(3, 0);
    parts.try_into().ok()
}

/// The `[metadata]` inventory of the ICU archives in `dir` served under `base_uri`.
pub fn icu_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let text = |value: &str| Value::String(value.to_string());
    let suffix = archive_name("").trim_start_matches("icu-").to_string();
    let found = debian_archives_in(dir, "icu-", &suffix, icu_numbers)?;
    if found.is_empty() {
        return Err(format!("no {} in {}", archive_name("<version>"), dir.display()).into());
    }
    let mut dependencies = Vec::new();
    for (version, debian_version) in &found {
        let name = archive_name(debian_version);
        let sha256 = sha256_cached(&dir.join(&name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        let version = format!("{}.{}.{}", version[0], version[1], version[2]);
        let mut entry = local_entry("icu", "ICU", &version, &uri, &sha256);
        entry.insert(
            "stacks".into(),
            Value::Array(vec![text("io.stowage.stacks.bookworm")]),
        );
        entry.insert(
            "cpe".into(),
            text(&format!(
                "cpe:2.3:a:unicode:international_components_for_unicode:{version}:*:*:*:*:*:*:*"
            )),
        );
        entry.insert(
            "purl".into(),
            text(&format!(
                "pkg:deb/debian/libicu72@{}?arch=amd64&distro=debian-12",
                debian_version.replace('+', "%2B")
            )),
        );
        entry.insert("licenses".into(), Value::Array(vec![text("ICU")]));
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
    fn an_entry_per_archive_for_bookworm() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            archive_name("72.1-3+deb12u1"),
            "icu-72.1-3-r0-linux-amd64.tar.gz".to_string(),
            "icu-x-r1-linux-amd64.tar.gz".to_string(),
        ] {
            fs_err::write(dir.path().join(&name), &name).expect("write");
        }
        let table = icu_inventory_in(dir.path(), "http://127.0.0.1:9/").expect("inventory");
        let text = toml::to_string(&table).expect("toml");
        let inventory: Inventory = toml::from_str(&text).expect("parses");
        assert_eq!(inventory.dependencies.len(), 1, "{text}");
        let entry = &inventory.dependencies[0];
        assert_eq!(entry.id, "icu");
        assert_eq!(entry.version.to_string(), "72.1.0");
        assert_eq!(entry.strip_components, 1);
        assert_eq!(
            entry.uri,
            "http://127.0.0.1:9/icu-72.1-3+deb12u1-r1-linux-amd64.tar.gz"
        );
        assert!(Target::new("linux", "amd64", "debian", "12").fits(entry));
        assert!(!Target::new("linux", "amd64", "ubuntu", "22.04").fits(entry));
        assert_eq!(
            lint(&text.replace("http://", "https://")),
            Vec::<String>::new()
        );
        let empty = tempfile::tempdir().expect("dir");
        assert!(icu_inventory_in(empty.path(), "x").is_err());
    }
}
