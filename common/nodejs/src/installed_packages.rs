//! The packages installed in a `node_modules` folder, for its SBOM: from npm's hidden lockfile
//! (`node_modules/.package-lock.json`, with integrity hashes) when there is one, else from
//! each installed package's `package.json`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::checksum::Checksum;
use stowage_kit::sbom::components::Package;

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    packages: BTreeMap<String, LockEntry>,
}

#[derive(Deserialize)]
struct LockEntry {
    name: Option<String>,
    version: Option<String>,
    license: Option<serde_json::Value>,
    integrity: Option<String>,
    #[serde(default)]
    link: bool,
}

#[derive(Deserialize)]
struct Manifest {
    name: Option<String>,
    version: Option<String>,
    license: Option<serde_json::Value>,
}

/// Workspace links are the app's own code, not installed packages, and are left out.
pub fn installed_packages(node_modules: &Path) -> Result<Vec<Package>, Error> {
    let hidden = node_modules.join(".package-lock.json");
    let mut packages = match fs_err::read_to_string(&hidden) {
        Ok(text) => from_lockfile(&text).map_err(|error| unreadable(&hidden, error))?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut found = Vec::new();
            walk(node_modules, &mut found);
            found
        }
        Err(error) => return Err(unreadable(&hidden, error)),
    };
    packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    packages.dedup();
    Ok(packages)
}

fn from_lockfile(text: &str) -> Result<Vec<Package>, serde_json::Error> {
    let lockfile: Lockfile = serde_json::from_str(text)?;
    Ok(lockfile
        .packages
        .into_iter()
        .filter(|(_, entry)| !entry.link)
        .filter_map(|(path, entry)| {
            let (_, installed_as) = path.rsplit_once("node_modules/")?;
            let name = entry.name.unwrap_or_else(|| installed_as.to_string());
            let mut package = package(name, entry.version?, entry.license.as_ref());
            package.hashes = entry
                .integrity
                .as_deref()
                .map(integrity_checksums)
                .unwrap_or_default();
            Some(package)
        })
        .collect())
}

/// Installed packages by their `package.json`, including nested `node_modules`; links skipped.
fn walk(node_modules: &Path, found: &mut Vec<Package>) {
    let Ok(entries) = fs_err::read_dir(node_modules) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            continue;
        }
        if name.starts_with('@') {
            walk(&path, found);
            continue;
        }
        let manifest = fs_err::read_to_string(path.join("package.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<Manifest>(&text).ok());
        if let Some(Manifest {
            name: Some(name),
            version: Some(version),
            license,
        }) = manifest
        {
            found.push(package(name, version, license.as_ref()));
        }
        walk(&path.join("node_modules"), found);
    }
}

fn package(name: String, version: String, license: Option<&serde_json::Value>) -> Package {
    Package {
        purl: Some(purl(&name, &version)),
        license: license.and_then(license_text),
        hashes: Vec::new(),
        name,
        version,
    }
}

/// `pkg:npm/%40scope/name@1.0.0`: the purl spec encodes the scope's `@` in the namespace.
#[must_use]
pub fn purl(name: &str, version: &str) -> String {
    let encoded_version: String = version
        .chars()
        .map(|c| match c {
            '/' | '?' | '#' | '@' | ':' | '%' | ' ' => format!("%{:02X}", u32::from(c)),
            c => c.to_string(),
        })
        .collect();
    format!("pkg:npm/{}@{encoded_version}", name.replacen('@', "%40", 1))
}

/// `"MIT"`, or the old `{ "type": "MIT" }` form.
fn license_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Object(object) => object
            .get("type")
            .and_then(serde_json::Value::as_str)
            .map(String::from),
        _ => None,
    }
    .filter(|text| !text.trim().is_empty())
}

/// Subresource-integrity strings (`sha512-<base64> sha1-<base64>`); SBOMs get sha256/sha512.
fn integrity_checksums(integrity: &str) -> Vec<Checksum> {
    integrity
        .split_whitespace()
        .filter_map(|item| {
            let (algorithm, encoded) = item.split_once('-')?;
            if algorithm != "sha512" && algorithm != "sha256" {
                return None;
            }
            let bytes = base64_decode(encoded)?;
            format!("{algorithm}:{}", hex::encode(bytes)).parse().ok()
        })
        .collect()
}

/// Standard base64 with padding, as SRI uses it.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.trim_end_matches('=').bytes() {
        let value = ALPHABET.iter().position(|&candidate| candidate == byte)?;
        buffer = (buffer << 6) | u32::try_from(value).ok()?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(bytes)
}

fn unreadable(path: &Path, error: impl std::fmt::Display) -> Error {
    Error::new(
        "nodejs/unreadable-installed-packages",
        "The list of installed packages cannot be read",
        "The SBOM lists the packages npm recorded in node_modules/.package-lock.json. Set \
         BP_DISABLE_SBOM=true to build without SBOMs, and report the issue with the detail below.",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIDDEN_LOCKFILE: &str = r#"{
      "name": "app", "lockfileVersion": 3, "requires": true,
      "packages": {
        "node_modules/@demo/a": { "resolved": "packages/a", "link": true },
        "node_modules/ms": {
          "version": "2.1.3",
          "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==",
          "license": "MIT"
        },
        "node_modules/@scope/b": { "version": "1.0.0", "license": { "type": "ISC" } },
        "node_modules/x/node_modules/ms": { "version": "2.0.0", "integrity": "sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=" },
        "node_modules/alias": { "name": "real-name", "version": "3.0.0" }
      }
    }"#;

    #[test]
    fn reads_the_hidden_lockfile() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::write(dir.path().join(".package-lock.json"), HIDDEN_LOCKFILE).expect("write");
        let packages = installed_packages(dir.path()).expect("packages");
        let listed: Vec<(&str, &str, Option<&str>)> = packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.license.as_deref()))
            .collect();
        assert_eq!(
            listed,
            [
                ("@scope/b", "1.0.0", Some("ISC")),
                ("ms", "2.0.0", None),
                ("ms", "2.1.3", Some("MIT")),
                ("real-name", "3.0.0", None),
            ]
        );
        assert_eq!(
            packages[0].purl.as_deref(),
            Some("pkg:npm/%40scope/b@1.0.0")
        );
        assert!(packages[1].hashes.is_empty(), "sha1 is not listed");
        assert_eq!(
            packages[2].hashes[0].to_string(),
            "sha512:e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb\
             2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394",
            "decoded from base64"
        );
    }

    #[test]
    fn falls_back_to_the_installed_manifests() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |path: &str, text: &str| {
            let file = dir.path().join(path);
            fs_err::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            fs_err::write(file, text).expect("write");
        };
        write(
            "ms/package.json",
            r#"{"name":"ms","version":"2.1.3","license":"MIT"}"#,
        );
        write("@s/b/package.json", r#"{"name":"@s/b","version":"1.0.0"}"#);
        write(
            "@s/b/node_modules/ms/package.json",
            r#"{"name":"ms","version":"2.0.0"}"#,
        );
        write(".bin/ms", "");
        let packages = installed_packages(dir.path()).expect("packages");
        let listed: Vec<String> = packages
            .iter()
            .map(|p| format!("{}@{}", p.name, p.version))
            .collect();
        assert_eq!(listed, ["@s/b@1.0.0", "ms@2.0.0", "ms@2.1.3"]);
    }

    #[test]
    fn purls_encode_scopes_and_odd_versions() {
        assert_eq!(purl("ms", "2.1.3"), "pkg:npm/ms@2.1.3");
        assert_eq!(purl("@a/b", "1.0.0-rc.1"), "pkg:npm/%40a/b@1.0.0-rc.1");
        assert_eq!(
            purl("x", "git+ssh://h/r#c"),
            "pkg:npm/x@git+ssh%3A%2F%2Fh%2Fr%23c"
        );
    }
}
