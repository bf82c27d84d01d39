//! Buildpack inventories (`[metadata]` tables in the field names of `dependency-metadata/`)
//! for a folder of assembled artifacts, served from a base URI (`file:///stowage-deps`, a test
//! mirror's `http://127.0.0.1:<port>`). Each family writes one file per dependency file name
//! it covers, which `package --inventory <name>=<file>` puts in place of the checked-in one.

pub mod dotnet;
pub mod httpd;
pub mod icu;
pub mod jvm;
pub mod libpak;
pub mod nginx;
pub mod nodejs;
pub mod php;
pub mod ruby;

use crate::Result;
use crate::artifacts::deb::upstream_version;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use stowage_kit::version::{SemverRequirement, VersionConstraint};
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
        "dotnet" => vec![(
            "aspnetcore-runtime",
            dotnet::runtime_inventory_in(artifacts, base_uri)?,
        )],
        "httpd" => vec![("httpd", httpd::httpd_inventory_in(artifacts, base_uri)?)],
        "icu" => vec![("icu", icu::icu_inventory_in(artifacts, base_uri)?)],
        "jvm" => vec![("jvm", jvm::jvm_inventory_in(artifacts, base_uri)?)],
        "nginx" => vec![("nginx", nginx::nginx_inventory_in(artifacts, base_uri)?)],
        "nodejs" => vec![("node", nodejs::node_inventory_in(artifacts, base_uri)?)],
        "php" => vec![
            ("php", php::php_inventory_in(artifacts, base_uri)?),
            ("composer", php::composer_inventory_in(artifacts, base_uri)?),
        ],
        "ruby" => vec![
            ("ruby", ruby::ruby_inventory_in(artifacts, base_uri)?),
            ("bundler", ruby::bundler_inventory_in(artifacts, base_uri)?),
        ],
        "maven" | "spring-boot" | "tomcat" => {
            let name = if family == "tomcat" {
                "apache-tomcat"
            } else {
                family
            };
            let metadata =
                crate::workspace::root().join(format!("dependency-metadata/{name}.toml"));
            vec![(name, upstream_served(&metadata, artifacts, base_uri)?)]
        }
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

/// The checked-in inventory `metadata` (a `dependency-metadata/` file), keeping the entries
/// whose artifact (the upstream file name) is in `dir`, their URIs under `base_uri`: the real
/// upstream bytes and checksums, served from elsewhere (a loopback mirror, `/stowage-deps`).
pub fn upstream_served(metadata: &Path, dir: &Path, base_uri: &str) -> Result<Table> {
    let mut inventory: Table = fs_err::read_to_string(metadata)?.parse()?;
    let entries = inventory
        .get("dependencies")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let kept: Vec<Value> = entries
        .into_iter()
        .filter_map(|mut entry| {
            let name = entry.get("uri")?.as_str()?.rsplit('/').next()?.to_string();
            dir.join(&name).is_file().then(|| {
                entry["uri"] = Value::String(format!("{}/{name}", base_uri.trim_end_matches('/')));
                entry
            })
        })
        .collect();
    if kept.is_empty() {
        return Err(format!(
            "none of the artifacts of {} is in {}",
            metadata.display(),
            dir.display()
        )
        .into());
    }
    keep_defaults_served(&mut inventory, &kept);
    inventory.insert("dependencies".to_string(), Value::Array(kept));
    Ok(inventory)
}

/// A default version none of `kept` satisfies (the upstream default's artifact is not here)
/// becomes the newest kept version's major line, so an app that asks for nothing still builds.
fn keep_defaults_served(inventory: &mut Table, kept: &[Value]) {
    let Some(defaults) = inventory
        .get_mut("default-versions")
        .and_then(Value::as_table_mut)
    else {
        return;
    };
    for (id, constraint) in defaults.iter_mut() {
        let versions: Vec<semver::Version> = kept
            .iter()
            .filter(|entry| entry.get("id").and_then(Value::as_str) == Some(id.as_str()))
            .filter_map(|entry| entry.get("version")?.as_str()?.parse().ok())
            .collect();
        let served = constraint
            .as_str()
            .and_then(|text| SemverRequirement::parse(text).ok())
            .is_some_and(|requirement| versions.iter().any(|v| requirement.matches(v)));
        if let (false, Some(newest)) = (served, versions.iter().max()) {
            *constraint = Value::String(format!("{}.*", newest.major));
        }
    }
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

/// `(version, Debian version)` of the files in `dir` named `<prefix><Debian version><suffix>`
/// whose upstream version `parse` reads, oldest first.
pub(crate) fn debian_archives_in<V: Ord>(
    dir: &Path,
    prefix: &str,
    suffix: &str,
    parse: impl Fn(&str) -> Option<V>,
) -> Result<Vec<(V, String)>> {
    let mut found = Vec::new();
    for entry in fs_err::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let Some(debian_version) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
        else {
            continue;
        };
        if let Some(version) = parse(upstream_version(debian_version)) {
            found.push((version, debian_version.to_string()));
        }
    }
    found.sort();
    Ok(found)
}

/// `1.22.1` → `[1, 22, 1]`; anything else is no three-number version.
pub(crate) fn numbers(version: &str) -> Option<[u64; 3]> {
    let parts: Vec<u64> = version
        .split('.')
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    parts.try_into().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_entries_served_elsewhere_with_a_default_that_is_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        let metadata = dir.path().join("tomcat.toml");
        fs_err::write(
            &metadata,
            r#"
[default-versions]
tomcat = "9.*"

[[dependencies]]
id = "tomcat"
version = "9.0.121"
uri = "https://downloads.example/apache-tomcat-9.0.121.tar.gz"

[[dependencies]]
id = "tomcat"
version = "10.1.59"
uri = "https://downloads.example/apache-tomcat-10.1.59.tar.gz"
"#,
        )
        .expect("write");
        let artifacts = dir.path().join("artifacts");
        fs_err::create_dir_all(&artifacts).expect("mkdir");
        fs_err::write(artifacts.join("apache-tomcat-10.1.59.tar.gz"), "x").expect("write");

        let inventory =
            upstream_served(&metadata, &artifacts, "http://127.0.0.1:9/").expect("inventory");
        let entries = inventory["dependencies"].as_array().expect("entries");
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0]["uri"].as_str(),
            Some("http://127.0.0.1:9/apache-tomcat-10.1.59.tar.gz")
        );
        assert_eq!(
            inventory["default-versions"]["tomcat"].as_str(),
            Some("10.*")
        );

        fs_err::remove_file(artifacts.join("apache-tomcat-10.1.59.tar.gz")).expect("rm");
        let error = upstream_served(&metadata, &artifacts, "x").expect_err("none served");
        assert!(
            error.to_string().contains("none of the artifacts"),
            "{error}"
        );
    }
}
