//! An OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/`) written into a temporary
//! folder beside its destination and renamed into place when complete, or tarred into one
//! file (a `.cnb`, as `pack buildpack package --format file` writes).

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::{Layer, LayerBlob, NORMALIZED_MTIME};
use crate::Result;

const MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const CONFIG: &str = "application/vnd.oci.image.config.v1+json";
const LAYER: &str = "application/vnd.oci.image.layer.v1.tar+gzip";

/// What an image's config holds besides its layers.
#[derive(Default)]
pub struct ImageConfig {
    pub os: String,
    pub architecture: String,
    pub env: Vec<String>,
    pub user: Option<String>,
    pub working_dir: Option<String>,
    pub labels: BTreeMap<String, String>,
}

/// Writes one image as a layout.
pub struct LayoutWriter {
    temp: tempfile::TempDir,
    layers: Vec<LayerBlob>,
}

impl LayoutWriter {
    /// A writer whose layout will land at `out` (its parent folder must exist or be creatable).
    pub fn new(out: &Path) -> Result<Self> {
        let parent = out
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs_err::create_dir_all(parent)?;
        let temp = tempfile::Builder::new()
            .prefix(".oci-layout.")
            .tempdir_in(parent)?;
        fs_err::create_dir_all(temp.path().join("blobs/sha256"))?;
        Ok(Self {
            temp,
            layers: Vec::new(),
        })
    }

    /// Appends a layer on top of those added so far.
    pub fn add_layer(&mut self, layer: &Layer) -> Result<LayerBlob> {
        let blob = layer.write(&self.temp.path().join("blobs/sha256"))?;
        self.layers.push(blob.clone());
        Ok(blob)
    }

    /// Writes config, manifest and index (tagged `tag`) and moves the layout to `out`,
    /// replacing what was there; with `as_file`, `out` becomes a tar of the layout.
    pub fn finish(self, config: &ImageConfig, tag: &str, out: &Path, as_file: bool) -> Result<()> {
        let root = self.temp.path();
        let diff_ids: Vec<&str> = self
            .layers
            .iter()
            .map(|layer| layer.diff_id.as_str())
            .collect();
        let mut inner = serde_json::Map::new();
        if !config.env.is_empty() {
            inner.insert("Env".into(), json!(config.env));
        }
        if let Some(user) = &config.user {
            inner.insert("User".into(), json!(user));
        }
        if let Some(dir) = &config.working_dir {
            inner.insert("WorkingDir".into(), json!(dir));
        }
        inner.insert("Labels".into(), json!(config.labels));
        let config_json = json!({
            "architecture": config.architecture,
            "os": config.os,
            "created": "1980-01-01T00:00:01Z",
            "config": inner,
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
        });
        let config_blob = write_blob(root, &config_json)?;
        let layers: Vec<Value> = self
            .layers
            .iter()
            .map(|layer| json!({"mediaType": LAYER, "digest": layer.digest, "size": layer.size}))
            .collect();
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": MANIFEST,
            "config": {"mediaType": CONFIG, "digest": config_blob.0, "size": config_blob.1},
            "layers": layers,
        });
        let manifest_blob = write_blob(root, &manifest)?;
        let index = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [{
                "mediaType": MANIFEST,
                "digest": manifest_blob.0,
                "size": manifest_blob.1,
                "annotations": {"org.opencontainers.image.ref.name": tag},
            }],
        });
        fs_err::write(root.join("index.json"), serde_json::to_vec(&index)?)?;
        fs_err::write(root.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#)?;
        fs_err::set_permissions(root, std::fs::Permissions::from_mode(0o755))?;
        if as_file {
            let tarred = tempfile::NamedTempFile::new_in(root.parent().unwrap_or(Path::new(".")))?;
            tar_folder(root, tarred.as_file())?;
            tarred.persist(out).map_err(|error| error.error)?;
            fs_err::set_permissions(out, std::fs::Permissions::from_mode(0o644))?;
            return Ok(());
        }
        if out.exists() {
            remove(out)?;
        }
        fs_err::rename(self.temp.keep(), out)?;
        Ok(())
    }
}

fn remove(path: &Path) -> Result<()> {
    if path.is_dir() {
        fs_err::remove_dir_all(path)?;
    } else {
        fs_err::remove_file(path)?;
    }
    Ok(())
}

/// Writes a JSON blob, returning its digest and size.
fn write_blob(root: &Path, value: &Value) -> Result<(String, usize)> {
    use sha2::{Digest, Sha256};
    let bytes = serde_json::to_vec(value)?;
    let hex = hex::encode(Sha256::digest(&bytes));
    fs_err::write(root.join("blobs/sha256").join(&hex), &bytes)?;
    Ok((format!("sha256:{hex}"), bytes.len()))
}

/// The layout folder as a tar, sorted, with fixed times and root ownership.
fn tar_folder(root: &Path, file: &std::fs::File) -> Result<()> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs_err::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            paths.push(path);
        }
    }
    paths.sort();
    let mut tar = tar::Builder::new(file);
    for path in paths {
        let name = path.strip_prefix(root)?;
        let mut header = tar::Header::new_gnu();
        header.set_mtime(NORMALIZED_MTIME);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mode(0o755);
        if path.is_dir() {
            header.set_entry_type(tar::EntryType::Directory);
            header.set_size(0);
            tar.append_data(&mut header, name, std::io::empty())?;
        } else {
            let file = fs_err::File::open(&path)?;
            header.set_mode(0o644);
            header.set_size(file.metadata()?.len());
            tar.append_data(&mut header, name, file)?;
        }
    }
    tar.into_inner()?;
    Ok(())
}
