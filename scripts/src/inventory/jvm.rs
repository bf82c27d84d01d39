//! The JVM inventory (ids `jdk` and `jre`, as `dependency-metadata/jvm.toml`) of a folder of
//! `openjdk-<kind>-<Debian version>-linux-amd64.tar.gz` distributions.

use super::{local_entry, sha256_cached};
use crate::Result;
use crate::artifacts::jvm::{Kind, archive_name, java_version};
use std::path::Path;
use toml::{Table, Value};

/// The `[metadata]` inventory of the JVM archives in `dir` served under `base_uri`: an entry
/// per archive, and `default-versions` picking the newest major of each kind.
pub fn jvm_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let mut found: Vec<(Vec<u64>, Kind, String)> = Vec::new();
    for entry in fs_err::read_dir(dir)? {
        let name = entry?.file_name();
        let Some(name) = name.to_str() else { continue };
        for kind in Kind::ALL {
            let prefix = format!("openjdk-{}-", kind.id());
            if let Some(debian_version) = name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix("-linux-amd64.tar.gz"))
                && let Some(semver) = semver_parts(debian_version)
            {
                found.push((semver, kind, debian_version.to_string()));
            }
        }
    }
    found.sort_by(|a, b| (&a.0, a.1.id()).cmp(&(&b.0, b.1.id())));
    let mut dependencies = Vec::new();
    let mut defaults = Table::new();
    for (semver, kind, debian_version) in &found {
        let name = archive_name(*kind, debian_version);
        let sha256 = sha256_cached(&dir.join(&name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        let version = format!("{}.{}.{}", semver[0], semver[1], semver[2]);
        dependencies.push(Value::Table(jvm_dependency(
            *kind,
            &version,
            debian_version,
            &uri,
            &sha256,
        )));
        defaults.insert(kind.id().into(), Value::String(format!("{}.*", semver[0])));
    }
    if dependencies.is_empty() {
        return Err(format!(
            "no openjdk-{{jdk,jre}}-<version>-linux-amd64.tar.gz in {}",
            dir.display()
        )
        .into());
    }
    Ok(Table::from_iter([
        ("default-versions".to_string(), Value::Table(defaults)),
        ("dependencies".to_string(), Value::Array(dependencies)),
    ]))
}

/// The semver of a Debian `OpenJDK` version: its first three numbers (`17.0.21.1+2-1~deb12u1`
/// → 17.0.21; the full version stays in the file name and purl).
fn semver_parts(debian_version: &str) -> Option<Vec<u64>> {
    let parts: Vec<u64> = java_version(debian_version)
        .split('.')
        .take(3)
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    (parts.len() == 3).then_some(parts)
}

/// One entry: Debian's build of `OpenJDK`, for this project's Debian 12 images.
fn jvm_dependency(
    kind: Kind,
    version: &str,
    debian_version: &str,
    uri: &str,
    sha256: &str,
) -> Table {
    let text = |value: &str| Value::String(value.to_string());
    let label = kind.id().to_uppercase();
    let name = format!("Debian OpenJDK {label}");
    let mut entry = local_entry(kind.id(), &name, version, uri, sha256);
    // Built against Debian 12's libraries.
    entry.insert(
        "stacks".into(),
        Value::Array(vec![text("io.stowage.stacks.bookworm")]),
    );
    entry.insert(
        "cpe".into(),
        text(&format!(
            "cpe:2.3:a:oracle:{}:{version}:*:*:*:*:*:*:*",
            kind.id()
        )),
    );
    entry.insert(
        "purl".into(),
        text(&format!(
            "pkg:deb/debian/{}@{}?arch=amd64&distro=debian-12",
            kind.package(),
            debian_version.replace('+', "%2B").replace(':', "%3A")
        )),
    );
    entry.insert(
        "licenses".into(),
        Value::Array(vec![text("GPL-2.0 WITH Classpath-exception-2.0")]),
    );
    entry
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::inventory::{Inventory, Target, lint};

    #[test]
    fn an_entry_per_archive_with_its_checksum_and_the_newest_major_as_default() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (kind, version) in [
            ("jdk", "17.0.21.1+2-1~deb12u1"),
            ("jre", "17.0.21.1+2-1~deb12u1"),
            ("jre", "17.0.9+9-1~deb12u1"),
        ] {
            let name = format!("openjdk-{kind}-{version}-linux-amd64.tar.gz");
            fs_err::write(dir.path().join(name), kind).expect("write");
        }
        fs_err::write(dir.path().join("openjdk-jdk-nope-linux-amd64.tar.gz"), "x").expect("write");

        let table = jvm_inventory_in(dir.path(), "file:///stowage-deps/").expect("inventory");
        let text = toml::to_string(&table).expect("toml");
        let inventory: Inventory = toml::from_str(&text).expect("parses");
        assert_eq!(inventory.default_version("jdk"), Some("17.*"));
        assert_eq!(inventory.default_version("jre"), Some("17.*"));
        let summary: Vec<String> = inventory
            .dependencies
            .iter()
            .map(|d| format!("{} {} {}", d.id, d.version, d.uri))
            .collect();
        assert_eq!(
            summary,
            [
                "jre 17.0.9 file:///stowage-deps/openjdk-jre-17.0.9+9-1~deb12u1-linux-amd64.tar.gz",
                "jdk 17.0.21 file:///stowage-deps/openjdk-jdk-17.0.21.1+2-1~deb12u1-linux-amd64.tar.gz",
                "jre 17.0.21 file:///stowage-deps/openjdk-jre-17.0.21.1+2-1~deb12u1-linux-amd64.tar.gz",
            ]
        );
        let jdk = &inventory.dependencies[1];
        // The archive's own digest (the fake archive holds "jdk").
        let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b"jdk"));
        assert_eq!(jdk.checksum.to_string(), format!("sha256:{digest}"));
        assert_eq!(
            jdk.purl.as_deref(),
            Some(
                "pkg:deb/debian/openjdk-17-jdk-headless@17.0.21.1%2B2-1~deb12u1?arch=amd64&distro=debian-12"
            )
        );
        assert!(Target::new("linux", "x86_64", "debian", "12").fits(jdk));
        assert!(!Target::new("linux", "x86_64", "ubuntu", "24.04").fits(jdk));
        let local = text.replace("file:///", "https://");
        assert_eq!(lint(&local), Vec::<String>::new());
    }

    #[test]
    fn a_folder_without_archives_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = jvm_inventory_in(dir.path(), "file:///x").expect_err("empty");
        assert!(error.to_string().contains("openjdk-{jdk,jre}"), "{error}");
    }
}
