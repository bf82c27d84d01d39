//! Offline buildpackages carry their dependencies inside the buildpack, at
//! `<buildpack>/dependencies/<checksum hex>/<file name>` (Paketo's layout). Such a file is used
//! before any mapping, mirror or download, and is verified like any other source.

use super::locate::{Location, Source, locate};
use super::uri::file_name;
use crate::Error;
use crate::bindings::Bindings;
use crate::inventory::Dependency;
use std::path::{Path, PathBuf};

/// The folder of a buildpack that holds its bundled dependencies.
pub const BUNDLE_DIR: &str = "dependencies";

/// Where an offline package keeps `dependency`'s file, relative to the buildpack's folder: the
/// packaging step writes it there and the build looks for it there.
#[must_use]
pub fn bundled_path(dependency: &Dependency) -> PathBuf {
    let name = file_name(&dependency.uri).unwrap_or_else(|| dependency.id.clone());
    Path::new(BUNDLE_DIR)
        .join(dependency.checksum.hex.to_ascii_lowercase())
        .join(name)
}

/// The file bundled for `dependency` in the buildpack at `buildpack_dir`, if it ships one.
#[must_use]
pub fn bundled(dependency: &Dependency, buildpack_dir: &Path) -> Option<Location> {
    let path = buildpack_dir.join(bundled_path(dependency));
    path.is_file().then(|| Location {
        uri: file_uri(&path),
        source: Source::Bundled,
        reason: "bundled in the buildpack: an offline package, nothing downloaded".to_string(),
    })
}

/// Bundled file > dependency-mapping binding > mirror > the entry's URI.
pub fn locate_in_buildpack(
    dependency: &Dependency,
    buildpack_dir: &Path,
    env: &libcnb::Env,
    bindings: &Bindings,
) -> Result<Location, Error> {
    match bundled(dependency, buildpack_dir) {
        Some(location) => Ok(location),
        None => locate(dependency, env, bindings),
    }
}

/// `file://` and the path, with the characters a URI gives meaning to (and any non-ASCII byte)
/// percent-encoded.
fn file_uri(path: &Path) -> String {
    use std::fmt::Write;
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if matches!(byte, b'%' | b' ' | b'#' | b'?') || !byte.is_ascii() {
            let _ = write!(uri, "%{byte:02X}");
        } else {
            uri.push(char::from(byte));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::uri::file_path;

    fn node(uri: &str) -> Dependency {
        toml::from_str(&format!(
            "id = \"node\"\nversion = \"24.18.1\"\nuri = \"{uri}\"\nchecksum = \"sha256:{}\"\n",
            "AB".repeat(32)
        ))
        .expect("dependency")
    }

    #[test]
    fn the_bundled_file_wins_over_mirrors_and_mappings() {
        let buildpack = tempfile::tempdir().expect("temp dir");
        let dependency = node("https://nodejs.org/dist/v24.18.1/node-v24.18.1-linux-x64.tar.xz");
        assert_eq!(
            bundled_path(&dependency),
            Path::new("dependencies")
                .join("ab".repeat(32))
                .join("node-v24.18.1-linux-x64.tar.xz")
        );
        let mut env = libcnb::Env::new();
        env.insert("BP_DEPENDENCY_MIRROR", "https://mirror.corp");
        let mirrored =
            locate_in_buildpack(&dependency, buildpack.path(), &env, &Bindings::default())
                .expect("located");
        assert_eq!(mirrored.source, Source::Mirror, "no bundled file yet");

        let file = buildpack.path().join(bundled_path(&dependency));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, b"node").expect("write");
        let location =
            locate_in_buildpack(&dependency, buildpack.path(), &env, &Bindings::default())
                .expect("located");
        assert_eq!(location.source, Source::Bundled);
        assert_eq!(file_path(&location.uri), Some(file));
    }

    #[test]
    fn odd_characters_in_the_buildpack_path_survive_the_uri() {
        let path = Path::new("/cnb/build packs/100%/a#b/é");
        assert_eq!(file_path(&file_uri(path)).as_deref(), Some(path));
    }
}
