//! The app's libraries (the jars in `Spring-Boot-Lib`): name, version and purl from each jar's
//! `META-INF/maven/<group>/<artifact>/pom.properties`, else from its file name, and its sha256.
//! They make the dependencies label and the app's SBOM.

use crate::errors;
use std::io::Read;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::checksum::{Algorithm, Hasher};
use stowage_kit::sbom::components::Package;

/// The jars under `lib` (relative to the app), `class_path` first in its order, then the
/// others by name.
pub(crate) fn jars(app: &Path, lib: &Path, class_path: &[String]) -> Result<Vec<String>, Error> {
    let mut jars: Vec<String> = class_path.to_vec();
    let mut others: Vec<String> = match std::fs::read_dir(app.join(lib)) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| Path::new(name).extension().is_some_and(|e| e == "jar"))
            .map(|name| format!("{}/{name}", lib.display()))
            .filter(|path| !jars.contains(path))
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(errors::unreadable(lib, &error)),
    };
    others.sort();
    jars.extend(others);
    Ok(jars)
}

/// The package a jar is: its Maven coordinates, else its file name's `name-version`.
pub(crate) fn package(app: &Path, jar: &str) -> Result<Package, Error> {
    let shown = Path::new(jar);
    let bytes = std::fs::read(app.join(jar)).map_err(|error| errors::unreadable(shown, &error))?;
    let mut hasher = Hasher::new(Algorithm::Sha256);
    hasher.update(&bytes);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| errors::not_a_jar(shown, &error))?;
    let file_name = shown
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let coordinates =
        maven_coordinates(&mut archive).map_err(|error| errors::not_a_jar(shown, &error))?;
    // A shaded jar holds several pom.properties: the one matching the file name is the jar's.
    let chosen = coordinates
        .iter()
        .find(|c| file_name == format!("{}-{}.jar", c.artifact, c.version))
        .or_else(|| (coordinates.len() == 1).then(|| &coordinates[0]));
    let (name, version, purl) = if let Some(c) = chosen {
        let purl = format!("pkg:maven/{}/{}@{}", c.group, c.artifact, c.version);
        (c.artifact.clone(), c.version.clone(), Some(purl))
    } else {
        let (name, version) = split_file_name(&file_name);
        (name, version, None)
    };
    Ok(Package {
        name,
        version,
        purl,
        license: None,
        hashes: vec![hasher.finish()],
    })
}

struct Coordinates {
    group: String,
    artifact: String,
    version: String,
}

fn maven_coordinates<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> zip::result::ZipResult<Vec<Coordinates>> {
    let names: Vec<String> = archive
        .file_names()
        .filter(|name| name.starts_with("META-INF/maven/") && name.ends_with("/pom.properties"))
        .map(ToString::to_string)
        .collect();
    let mut found = Vec::new();
    for name in names {
        let mut text = String::new();
        // A properties file that is not text is not the jar's coordinates.
        if archive.by_name(&name)?.read_to_string(&mut text).is_err() {
            continue;
        }
        let get = |key: &str| {
            text.lines().find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().to_string())
            })
        };
        if let (Some(group), Some(artifact), Some(version)) =
            (get("groupId"), get("artifactId"), get("version"))
        {
            found.push(Coordinates {
                group,
                artifact,
                version,
            });
        }
    }
    Ok(found)
}

/// `spring-core-6.2.1.jar` → (`spring-core`, `6.2.1`): the version starts at the first `-`
/// followed by a digit. Without one, the whole stem is the name.
fn split_file_name(file_name: &str) -> (String, String) {
    let stem = file_name.strip_suffix(".jar").unwrap_or(file_name);
    let split = stem
        .char_indices()
        .find(|&(index, c)| {
            c == '-'
                && stem[index + 1..]
                    .chars()
                    .next()
                    .is_some_and(|next| next.is_ascii_digit())
        })
        .map(|(index, _)| index);
    match split {
        Some(index) => (stem[..index].to_string(), stem[index + 1..].to_string()),
        None => (stem.to_string(), String::new()),
    }
}

/// The `org.springframework.boot.dependencies` label: the libraries' names and versions, as
/// JSON, in class path order.
pub(crate) fn label(packages: &[Package]) -> String {
    let listed: Vec<serde_json::Value> = packages
        .iter()
        .map(|package| serde_json::json!({ "name": package.name, "version": package.version }))
        .collect();
    serde_json::Value::Array(listed).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_start_at_the_first_dash_and_digit() {
        assert_eq!(
            split_file_name("spring-core-6.2.1.jar"),
            ("spring-core".to_string(), "6.2.1".to_string())
        );
        assert_eq!(
            split_file_name("jakarta.annotation-api-2.1.1.jar"),
            ("jakarta.annotation-api".to_string(), "2.1.1".to_string())
        );
        assert_eq!(
            split_file_name("tool.jar"),
            ("tool".to_string(), String::new())
        );
    }
}
