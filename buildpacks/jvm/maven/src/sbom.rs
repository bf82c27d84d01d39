//! The app's Maven dependencies, read from the built artifact: the jars it nests
//! (`BOOT-INF/lib/*.jar`, `WEB-INF/lib/*.jar`, a distribution's `<name>/lib/*.jar`, with their
//! sha256) and the
//! `META-INF/maven/<group>/<artifact>/pom.properties` a shaded jar carries for what it merged.

use crate::errors;
use std::io::{Cursor, Read};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::checksum::{Algorithm, Hasher};
use stowage_kit::sbom::components::Package;

/// The largest nested jar read into memory; a bigger one is listed by its file name only.
const MAX_NESTED: u64 = 256 * 1024 * 1024;

pub(crate) fn packages(artifact: &Path) -> Result<Vec<Package>, Error> {
    let unreadable = |error: &dyn std::fmt::Display| errors::artifact_unreadable(artifact, &error);
    let file = fs_err::File::open(artifact).map_err(|error| unreadable(&error))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|error| unreadable(&error))?;
    let mut packages = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|error| unreadable(&error))?;
        let name = entry.name().to_string();
        if let Some(file_name) = library_jar(&name) {
            if entry.size() > MAX_NESTED {
                packages.extend(from_file_name(file_name, Vec::new()));
                continue;
            }
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|error| unreadable(&error))?;
            let mut hasher = Hasher::new(Algorithm::Sha256);
            hasher.update(&bytes);
            let sha256 = vec![hasher.finish()];
            match nested_pom_properties(&bytes) {
                Some(package) => packages.push(Package {
                    hashes: sha256,
                    ..package
                }),
                None => packages.extend(from_file_name(file_name, sha256)),
            }
        } else if is_pom_properties(&name) {
            let mut text = String::new();
            if (&mut entry)
                .take(64 * 1024)
                .read_to_string(&mut text)
                .is_ok()
            {
                packages.extend(from_pom_properties(&text));
            }
        }
    }
    Ok(packages)
}

/// The file name of a library jar one folder down in a `lib/` folder: `BOOT-INF/lib/x.jar`,
/// `WEB-INF/lib/x.jar`, a distribution's `<name>/lib/x.jar`.
fn library_jar(name: &str) -> Option<&str> {
    let mut parts = name.splitn(3, '/');
    let (Some(top), Some("lib"), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let jar = Path::new(file)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("jar"));
    (!top.is_empty() && !file.contains('/') && jar).then_some(file)
}

/// `META-INF/maven/<group>/<artifact>/pom.properties`.
fn is_pom_properties(name: &str) -> bool {
    name.strip_prefix("META-INF/maven/")
        .and_then(|rest| rest.strip_suffix("/pom.properties"))
        .is_some_and(|middle| middle.split('/').count() == 2)
}

/// The one pom.properties of a nested library jar, which names it.
fn nested_pom_properties(bytes: &[u8]) -> Option<Package> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter(|name| is_pom_properties(name))
        .map(str::to_string)
        .collect();
    let [only] = names.as_slice() else {
        return None;
    };
    let mut text = String::new();
    archive
        .by_name(only)
        .ok()?
        .take(64 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    from_pom_properties(&text)
}

fn from_pom_properties(text: &str) -> Option<Package> {
    let value = |key: &str| {
        text.lines().find_map(|line| {
            let (name, value) = line.split_once('=')?;
            (name.trim() == key).then(|| value.trim().to_string())
        })
    };
    let (group, artifact, version) = (value("groupId")?, value("artifactId")?, value("version")?);
    Some(Package {
        purl: Some(format!("pkg:maven/{group}/{artifact}@{version}")),
        name: artifact,
        version,
        license: None,
        hashes: Vec::new(),
    })
}

/// `gson-2.11.0.jar`: the name up to the last `-` before a digit, the version after it.
fn from_file_name(
    file_name: &str,
    hashes: Vec<stowage_kit::checksum::Checksum>,
) -> Option<Package> {
    let stem = file_name.strip_suffix(".jar")?;
    let split = stem
        .match_indices('-')
        .filter(|(at, _)| stem[at + 1..].starts_with(|c: char| c.is_ascii_digit()))
        .map(|(at, _)| at)
        .next()?;
    Some(Package {
        name: stem[..split].to_string(),
        version: stem[split + 1..].to_string(),
        purl: None,
        license: None,
        hashes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            zip.write_all(content).expect("write");
        }
        zip.finish().expect("zip").into_inner()
    }

    const GSON: &[u8] =
        b"#Generated by Maven\ngroupId=com.google.code.gson\nartifactId=gson\nversion=2.11.0\n";

    #[test]
    fn nested_jars_of_boot_jars_wars_and_distributions_with_their_checksums_and_shaded_pom_properties()
     {
        let nested = zip_bytes(&[(
            "META-INF/maven/org.slf4j/slf4j-api/pom.properties",
            b"groupId=org.slf4j\nartifactId=slf4j-api\nversion=2.0.16\n",
        )]);
        let plain = zip_bytes(&[("a.class", b"x")]);
        let dir = tempfile::tempdir().expect("tempdir");
        let artifact = dir.path().join("app.jar");
        fs_err::write(
            &artifact,
            zip_bytes(&[
                (
                    "META-INF/maven/com.google.code.gson/gson/pom.properties",
                    GSON,
                ),
                ("BOOT-INF/lib/slf4j-api-2.0.16.jar", &nested),
                ("WEB-INF/lib/commons-lang-2.6.jar", &plain),
                ("greeter/lib/commons-io-2.16.1.jar", &plain),
                ("BOOT-INF/lib/nested/skip-1.0.jar", &plain),
                ("lib/top-level-1.0.jar", &plain),
            ]),
        )
        .expect("write");
        let packages = packages(&artifact).expect("scan");
        let shown: Vec<(String, String, Option<String>, usize)> = packages
            .into_iter()
            .map(|p| (p.name, p.version, p.purl, p.hashes.len()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "gson".into(),
                    "2.11.0".into(),
                    Some("pkg:maven/com.google.code.gson/gson@2.11.0".into()),
                    0
                ),
                (
                    "slf4j-api".into(),
                    "2.0.16".into(),
                    Some("pkg:maven/org.slf4j/slf4j-api@2.0.16".into()),
                    1
                ),
                ("commons-lang".into(), "2.6".into(), None, 1),
                ("commons-io".into(), "2.16.1".into(), None, 1),
            ]
        );
    }

    #[test]
    fn file_names_split_at_the_version() {
        let package = from_file_name("spring-boot-starter-web-3.3.0-SNAPSHOT.jar", Vec::new())
            .expect("named");
        assert_eq!(
            (package.name.as_str(), package.version.as_str()),
            ("spring-boot-starter-web", "3.3.0-SNAPSHOT")
        );
        assert!(from_file_name("noversion.jar", Vec::new()).is_none());
    }
}
