//! The Node.js inventory of a folder of `node-v<version>-linux-x64.tar.gz` distributions.

use crate::Result;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::SystemTime;
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
    let text = |value: &str| Value::String(value.to_string());
    let mut entry = Table::new();
    entry.insert("id".into(), text("node"));
    entry.insert("name".into(), text("Node Engine"));
    entry.insert("version".into(), text(version));
    entry.insert("uri".into(), text(uri));
    entry.insert("checksum".into(), text(&format!("sha256:{sha256}")));
    entry.insert("source".into(), text(uri));
    entry.insert("source-checksum".into(), text(&format!("sha256:{sha256}")));
    entry.insert("os".into(), text("linux"));
    entry.insert("arch".into(), text("amd64"));
    entry.insert("stacks".into(), Value::Array(vec![text("*")]));
    entry.insert("strip-components".into(), Value::Integer(1));
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

/// The sha256 hex of a file, kept in `<file>.sha256` (`sha256sum` format) so large archives
/// are hashed once; the cached digest is used while it is not older than the file.
pub fn sha256_cached(path: &Path) -> Result<String> {
    let sidecar = PathBuf::from(format!("{}.sha256", path.display()));
    let modified = |path: &Path| {
        fs_err::metadata(path)
            .and_then(|metadata| metadata.modified())
            .ok()
    };
    let file_time = modified(path).unwrap_or(SystemTime::UNIX_EPOCH);
    if modified(&sidecar).is_some_and(|sidecar_time| sidecar_time >= file_time)
        && let Ok(text) = fs_err::read_to_string(&sidecar)
        && let Some(digest) = text.split_whitespace().next()
        && digest.len() == 64
        && digest.bytes().all(|byte| byte.is_ascii_hexdigit())
    {
        return Ok(digest.to_ascii_lowercase());
    }
    let mut hasher = Sha256::new();
    std::io::copy(&mut fs_err::File::open(path)?, &mut hasher)?;
    let digest = hex::encode(hasher.finalize());
    // Best effort: written beside the file atomically, skipped where the folder is read-only.
    let name = path
        .file_name()
        .ok_or("an artifact has no file name")?
        .to_string_lossy();
    let temp = sidecar.with_extension(format!("sha256.{}.tmp", std::process::id()));
    if fs_err::write(&temp, format!("{digest}  {name}\n")).is_ok()
        && fs_err::rename(&temp, &sidecar).is_err()
    {
        let _ = fs_err::remove_file(&temp);
    }
    Ok(digest)
}
