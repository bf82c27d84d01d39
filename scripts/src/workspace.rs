//! Where the workspace keeps its buildpacks, and where the tooling caches what it makes.

use std::path::{Path, PathBuf};

/// The workspace root (this crate lives in `scripts/`).
#[must_use]
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `$STOWAGE_CACHE`, else `$XDG_CACHE_HOME/stowage`, else `~/.cache/stowage`: the folder the
/// shell tooling caches the lifecycle and run image in too.
#[must_use]
pub fn cache_dir() -> PathBuf {
    let var = |name| std::env::var_os(name).filter(|value| !value.is_empty());
    var("STOWAGE_CACHE").map_or_else(
        || {
            var("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| var("HOME").map(|home| Path::new(&home).join(".cache")))
                .unwrap_or_else(std::env::temp_dir)
                .join("stowage")
        },
        PathBuf::from,
    )
}

/// The buildpack source folders: components in `buildpacks/<family>/<name>`, then
/// meta-buildpacks in `meta-buildpacks/<family>`, each sorted.
#[must_use]
pub fn buildpack_sources(root: &Path) -> Vec<PathBuf> {
    let mut components = subfolders(&root.join("buildpacks"))
        .iter()
        .flat_map(|family| subfolders(family))
        .collect::<Vec<_>>();
    let mut metas = subfolders(&root.join("meta-buildpacks"));
    components.sort();
    metas.sort();
    components
        .into_iter()
        .chain(metas)
        .filter(|path| path.join("buildpack.toml").is_file())
        .collect()
}

fn subfolders(dir: &Path) -> Vec<PathBuf> {
    fs_err::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect()
}
