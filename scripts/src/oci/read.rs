//! Reads an image back from a layout: its config and its layers' tar entries (tests and
//! tools check what was written through it).

use serde_json::Value;
use std::path::{Path, PathBuf};

use crate::Result;

/// The first image of the layout at `dir`: its config and its layer blobs, bottom first.
pub fn image(dir: &Path) -> Result<(Value, Vec<PathBuf>)> {
    let index: Value = serde_json::from_slice(&fs_err::read(dir.join("index.json"))?)?;
    let manifest_digest = index["manifests"][0]["digest"]
        .as_str()
        .ok_or_else(|| format!("{}: index.json names no manifest", dir.display()))?;
    let manifest: Value = serde_json::from_slice(&fs_err::read(blob(dir, manifest_digest))?)?;
    let config_digest = manifest["config"]["digest"]
        .as_str()
        .ok_or_else(|| format!("{}: the manifest names no config", dir.display()))?;
    let config: Value = serde_json::from_slice(&fs_err::read(blob(dir, config_digest))?)?;
    let layers = manifest["layers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|layer| layer["digest"].as_str())
        .map(|digest| blob(dir, digest))
        .collect();
    Ok((config, layers))
}

/// Unpacks the gzip'd tar layers in order into `root` (later layers win).
pub fn unpack(layers: &[PathBuf], root: &Path) -> Result<()> {
    for layer in layers {
        let gzip = flate2::read::GzDecoder::new(fs_err::File::open(layer)?);
        let mut archive = tar::Archive::new(gzip);
        archive.set_overwrite(true);
        archive.unpack(root)?;
    }
    Ok(())
}

fn blob(dir: &Path, digest: &str) -> PathBuf {
    dir.join("blobs/sha256")
        .join(digest.trim_start_matches("sha256:"))
}
