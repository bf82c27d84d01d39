//! The Ruby inventories of the folder `stowage-dev artifacts ruby` makes: `ruby` (id `ruby`,
//! as `dependency-metadata/ruby.toml`, for the Debian 12 stack) and `bundler` (any stack),
//! each with a default version line of what the folder holds.

use super::{debian_archives_in, local_entry, sha256_cached};
use crate::Result;
use crate::artifacts::ruby::{bundler_archive_name, ruby_archive_name};
use std::path::Path;
use toml::{Table, Value};

/// The `[metadata]` inventory of the MRI archives in `dir` served under `base_uri`.
pub fn ruby_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    inventory(dir, base_uri, &Kind::Ruby)
}

/// The `[metadata]` inventory of the Bundler archives in `dir` served under `base_uri`.
pub fn bundler_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    inventory(dir, base_uri, &Kind::Bundler)
}

enum Kind {
    Ruby,
    Bundler,
}

impl Kind {
    fn id(&self) -> &'static str {
        match self {
            Kind::Ruby => "ruby",
            Kind::Bundler => "bundler",
        }
    }

    /// What an archive name holds before and after the Debian version.
    fn affixes(&self) -> (&'static str, &'static str) {
        match self {
            Kind::Ruby => ("ruby-", "-linux-amd64.tar.gz"),
            Kind::Bundler => ("bundler-", ".tar.gz"),
        }
    }

    fn archive_name(&self, debian_version: &str) -> String {
        match self {
            Kind::Ruby => ruby_archive_name(debian_version),
            Kind::Bundler => bundler_archive_name(debian_version),
        }
    }

    fn describe(&self, entry: &mut Table, version: &str, debian_version: &str) {
        let text = |value: &str| Value::String(value.to_string());
        let escaped = debian_version.replace('+', "%2B").replace(':', "%3A");
        let (stack, cpe, purl, licenses) = match self {
            Kind::Ruby => (
                "io.stowage.stacks.bookworm",
                format!("cpe:2.3:a:ruby-lang:ruby:{version}:*:*:*:*:*:*:*"),
                format!("pkg:deb/debian/ruby3.1@{escaped}?arch=amd64&distro=debian-12"),
                vec![text("Ruby"), text("BSD-2-Clause")],
            ),
            Kind::Bundler => (
                "*",
                format!("cpe:2.3:a:bundler:bundler:{version}:*:*:*:*:ruby:*:*"),
                format!("pkg:deb/debian/ruby-bundler@{escaped}?distro=debian-12"),
                vec![text("MIT")],
            ),
        };
        entry.insert("stacks".into(), Value::Array(vec![text(stack)]));
        entry.insert("cpe".into(), text(&cpe));
        entry.insert("purl".into(), text(&purl));
        entry.insert("licenses".into(), Value::Array(licenses));
        if matches!(self, Kind::Bundler) {
            entry.remove("arch");
        }
    }
}

fn inventory(dir: &Path, base_uri: &str, kind: &Kind) -> Result<Table> {
    let text = |value: &str| Value::String(value.to_string());
    let (prefix, suffix) = kind.affixes();
    let found = debian_archives_in(dir, prefix, suffix, |version| {
        semver::Version::parse(version).ok()
    })?;
    let Some((newest, _)) = found.last() else {
        return Err(format!(
            "no {} archive in {}",
            kind.archive_name("<version>"),
            dir.display()
        )
        .into());
    };
    let line = format!("{}.{}.*", newest.major, newest.minor);
    let mut dependencies = Vec::new();
    for (version, debian_version) in &found {
        let name = kind.archive_name(debian_version);
        let sha256 = sha256_cached(&dir.join(&name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        let version = version.to_string();
        let title = match kind {
            Kind::Ruby => "Debian Ruby",
            Kind::Bundler => "Debian Bundler",
        };
        let mut entry = local_entry(kind.id(), title, &version, &uri, &sha256);
        kind.describe(&mut entry, &version, debian_version);
        dependencies.push(Value::Table(entry));
    }
    Ok(Table::from_iter([
        (
            "default-versions".to_string(),
            Value::Table(Table::from_iter([(kind.id().to_string(), text(&line))])),
        ),
        ("dependencies".to_string(), Value::Array(dependencies)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::inventory::{Inventory, Target, lint};

    #[test]
    fn an_entry_per_archive_with_the_newest_line_as_default() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            ruby_archive_name("3.1.7+really3.1.2-0+deb12u1"),
            bundler_archive_name("2.3.15-2+deb12u1"),
            "ruby-x-linux-amd64.tar.gz".to_string(),
        ] {
            fs_err::write(dir.path().join(name), "x").expect("write");
        }
        let ruby = toml::to_string(&ruby_inventory_in(dir.path(), "http://m/").expect("ruby"))
            .expect("toml");
        let inventory: Inventory = toml::from_str(&ruby).expect("parses");
        assert_eq!(inventory.default_version("ruby"), Some("3.1.*"));
        let entry = &inventory.dependencies[0];
        assert_eq!(entry.version.to_string(), "3.1.2");
        assert_eq!(
            entry.uri,
            "http://m/ruby-3.1.7+really3.1.2-0+deb12u1-linux-amd64.tar.gz"
        );
        assert!(Target::new("linux", "x86_64", "debian", "12").fits(entry));
        assert!(!Target::new("linux", "x86_64", "ubuntu", "22.04").fits(entry));
        assert_eq!(
            lint(&ruby.replace("http://", "https://")),
            Vec::<String>::new()
        );

        let bundler =
            toml::to_string(&bundler_inventory_in(dir.path(), "http://m").expect("bundler"))
                .expect("toml");
        let inventory: Inventory = toml::from_str(&bundler).expect("parses");
        assert_eq!(inventory.default_version("bundler"), Some("2.3.*"));
        assert_eq!(inventory.dependencies.len(), 1);
        assert_eq!(inventory.dependencies[0].version.to_string(), "2.3.15");
        assert!(Target::new("linux", "x86_64", "ubuntu", "22.04").fits(&inventory.dependencies[0]));
    }

    #[test]
    fn a_folder_without_archives_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = bundler_inventory_in(dir.path(), "file:///x").expect_err("empty");
        assert!(error.to_string().contains("bundler-<version>"), "{error}");
    }
}
