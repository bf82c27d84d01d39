//! Buildpack inventories (`[metadata]` tables in the field names of `dependency-metadata/`)
//! for a folder of assembled artifacts, served from a base URI (`file:///stowage-deps`, a test
//! mirror's `http://127.0.0.1:<port>`). Each family writes one file per dependency file name
//! it covers, which `package --inventory <name>=<file>` puts in place of the checked-in one.

pub mod jvm;
pub mod libpak;
pub mod nginx;
pub mod nodejs;

use crate::Result;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use toml::{Table, Value};

/// Writes `<out>/<dependency>.toml` for each inventory of `family` and returns the pairs
/// `(dependency, file)`.
pub fn write(
    family: &str,
    artifacts: &Path,
    base_uri: &str,
    out: &Path,
) -> Result<Vec<(String, PathBuf)>> {
    let inventories: Vec<(&str, Table)> = match family {
        "jvm" => vec![("jvm", jvm::jvm_inventory_in(artifacts, base_uri)?)],
        "nginx" => vec![("nginx", nginx::nginx_inventory_in(artifacts, base_uri)?)],
        "nodejs" => vec![("node", nodejs::node_inventory_in(artifacts, base_uri)?)],
        other => return Err(format!("no inventories for family {other}").into()),
    };
    fs_err::create_dir_all(out)?;
    let mut written = Vec::new();
    for (name, inventory) in inventories {
        let file = out.join(format!("{name}.toml"));
        fs_err::write(&file, toml::to_string(&inventory)?)?;
        written.push((name.to_string(), file));
    }
    Ok(written)
}

/// The `[[dependencies]]` fields every locally assembled artifact has: linux/amd64, its own
/// source, one top folder to strip. The family adds stacks, cpe, purl and licenses.
pub(crate) fn local_entry(id: &str, name: &str, version: &str, uri: &str, sha256: &str) -> Table {
    let text = |value: &str| Value::String(value.to_string());
    let mut entry = Table::new();
    entry.insert("id".into(), text(id));
    entry.insert("name".into(), text(name));
    entry.insert("version".into(), text(version));
    entry.insert("uri".into(), text(uri));
    entry.insert("checksum".into(), text(&format!("sha256:{sha256}")));
    entry.insert("source".into(), text(uri));
    entry.insert("source-checksum".into(), text(&format!("sha256:{sha256}")));
    entry.insert("os".into(), text("linux"));
    entry.insert("arch".into(), text("amd64"));
    entry.insert("strip-components".into(), Value::Integer(1));
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
