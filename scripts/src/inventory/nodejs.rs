//! The Node.js inventory of a folder of `node-v<version>-linux-x64.tar.gz` distributions.

use super::{local_entry, sha256_cached};
use crate::Result;
use std::path::Path;
use toml::{Table, Value};

/// `node-v<version>-linux-x64.tar.gz`, the upstream archive name.
#[must_use]
pub fn node_archive_name(version: &str) -> String {
    format!("node-v{version}-linux-x64.tar.gz")
}

/// The Node.js versions with an archive in `dir`, oldest first.
pub fn node_versions_in(dir: &Path) -> Result<Vec<String>> {
    let mut versions: Vec<(Vec<u64>, String)> = Vec::new();
    for entry in fs_err::read_dir(dir)? {
        let name = entry?.file_name();
        let Some(version) = name
            .to_str()
            .and_then(|name| name.strip_prefix("node-v"))
            .and_then(|name| name.strip_suffix("-linux-x64.tar.gz"))
        else {
            continue;
        };
        let key = version
            .split('.')
            .map(|part| part.parse::<u64>().ok())
            .collect::<Option<Vec<_>>>()
            .filter(|parts| parts.len() == 3);
        if let Some(key) = key {
            versions.push((key, version.to_string()));
        }
    }
    versions.sort();
    Ok(versions.into_iter().map(|(_, version)| version).collect())
}

/// The `[metadata]` inventory for the Node.js archives in `dir` served under `base_uri`: one
/// `[[dependencies]]` entry per version, and `default-versions` picking the newest major.
pub fn node_inventory_in(dir: &Path, base_uri: &str) -> Result<Table> {
    let versions = node_versions_in(dir)?;
    let newest = versions
        .last()
        .ok_or_else(|| format!("no node-v*-linux-x64.tar.gz in {}", dir.display()))?;
    let major = newest.split('.').next().unwrap_or(newest);
    let mut dependencies = Vec::new();
    for version in &versions {
        let name = node_archive_name(version);
        let sha256 = sha256_cached(&dir.join(&name))?;
        let uri = format!("{}/{name}", base_uri.trim_end_matches('/'));
        dependencies.push(Value::Table(node_dependency(version, &uri, &sha256)));
    }
    let default_versions =
        Table::from_iter([("node".to_string(), Value::String(format!("{major}.*.*")))]);
    Ok(Table::from_iter([
        (
            "default-versions".to_string(),
            Value::Table(default_versions),
        ),
        ("dependencies".to_string(), Value::Array(dependencies)),
    ]))
}

/// One `[[dependencies]]` entry for Node.js `version` downloaded from `uri`.
#[must_use]
pub fn node_dependency(version: &str, uri: &str, sha256: &str) -> Table {
    let mut entry = local_entry("node", "Node Engine", version, uri, sha256);
    let text = |value: &str| Value::String(value.to_string());
    entry.insert("stacks".into(), Value::Array(vec![text("*")]));
    entry.insert(
        "cpe".into(),
        text(&format!("cpe:2.3:a:nodejs:node.js:{version}:*:*:*:*:*:*:*")),
    );
    entry.insert(
        "purl".into(),
        text(&format!(
            "pkg:generic/node@v{version}?checksum={sha256}&download_url={uri}"
        )),
    );
    entry.insert("licenses".into(), Value::Array(vec![text("MIT")]));
    entry
}
