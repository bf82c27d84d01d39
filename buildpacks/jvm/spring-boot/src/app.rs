//! The Spring Boot app as its manifest describes it: the Boot version, and where its classes,
//! libraries and indexes are (`Spring-Boot-*` headers, with Spring Boot's defaults).

use crate::errors::{self, MANIFEST};
use std::path::{Path, PathBuf};
use stowage_jvm::Manifest;
use stowage_kit::Error;

/// A manifest is a few kilobytes; one larger than this is not read into memory.
const MANIFEST_LIMIT: u64 = 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BootApp {
    pub version: String,
    pub manifest: Manifest,
    /// Relative to the app, without a trailing `/`.
    pub classes: PathBuf,
    pub lib: PathBuf,
    pub classpath_index: Option<PathBuf>,
    pub layers_index: Option<PathBuf>,
}

/// The Boot app, `None` when the app has no manifest or the manifest no `Spring-Boot-Version`.
pub(crate) fn read(app: &Path) -> Result<Option<BootApp>, Error> {
    let path = app.join(MANIFEST);
    if !path.exists() && path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let size = std::fs::metadata(&path)
        .map_err(|error| errors::unreadable(Path::new(MANIFEST), &error))?
        .len();
    if size > MANIFEST_LIMIT {
        return Err(errors::unreadable(
            Path::new(MANIFEST),
            &format!("{size} bytes, more than a manifest holds"),
        ));
    }
    let bytes =
        std::fs::read(&path).map_err(|error| errors::unreadable(Path::new(MANIFEST), &error))?;
    let manifest = Manifest::parse(&bytes).map_err(|error| errors::malformed_manifest(&error))?;
    let Some(version) = manifest
        .get("Spring-Boot-Version")
        .map(str::trim)
        .filter(|version| !version.is_empty())
        .map(ToString::to_string)
    else {
        return Ok(None);
    };
    let folder = |name: &str, default: &str| {
        PathBuf::from(
            manifest
                .get(name)
                .map_or(default, str::trim)
                .trim_end_matches('/'),
        )
    };
    let classes = folder("Spring-Boot-Classes", "BOOT-INF/classes");
    let lib = folder("Spring-Boot-Lib", "BOOT-INF/lib");
    let index = |name: &str| manifest.get(name).map(|value| PathBuf::from(value.trim()));
    Ok(Some(BootApp {
        classpath_index: index("Spring-Boot-Classpath-Index"),
        layers_index: index("Spring-Boot-Layers-Index"),
        version,
        classes,
        lib,
        manifest,
    }))
}

/// `1` for Spring Boot up to 3.0.0, else `2`: the Spring Cloud Bindings major that fits it,
/// as Paketo chooses.
pub(crate) fn bindings_major(boot_version: &str) -> &'static str {
    let mut parts = boot_version
        .split(|c: char| !c.is_ascii_digit())
        .map(|part| part.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    if (major, minor, patch) <= (3, 0, 0) {
        "1"
    } else {
        "2"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spring_boot_up_to_3_0_0_takes_bindings_1() {
        assert_eq!(bindings_major("2.7.18"), "1");
        assert_eq!(bindings_major("3.0.0"), "1");
        assert_eq!(bindings_major("3.0.1"), "2");
        assert_eq!(bindings_major("3.5.7"), "2");
        assert_eq!(bindings_major("4.0.0-M1"), "2");
    }

    #[test]
    fn headers_and_defaults() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("META-INF")).expect("mkdir");
        std::fs::write(
            dir.path().join(MANIFEST),
            "Manifest-Version: 1.0\nSpring-Boot-Version: 3.5.7\nSpring-Boot-Lib: lib/\nSpring-Boot-Layers-Index: BOOT-INF/layers.idx\n",
        )
        .expect("write");
        let app = read(dir.path()).expect("read").expect("a boot app");
        assert_eq!(app.version, "3.5.7");
        assert_eq!(app.lib, PathBuf::from("lib"));
        assert_eq!(app.classes, PathBuf::from("BOOT-INF/classes"));
        assert_eq!(app.classpath_index, None);
        assert_eq!(app.layers_index, Some(PathBuf::from("BOOT-INF/layers.idx")));

        std::fs::write(dir.path().join(MANIFEST), "Main-Class: com.example.App\n").expect("write");
        assert_eq!(read(dir.path()).expect("read"), None);
    }
}
