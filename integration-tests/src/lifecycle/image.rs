//! The exported image: its OCI layout, config, and unpacked file system.

use super::tools::tools;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Image {
    /// `<layout>/<registry>/<repo>/<tag>` as the exporter writes it.
    pub layout_dir: PathBuf,
    pub tag: String,
    pub(super) bundle_dir: PathBuf,
}

impl Image {
    fn blob(&self, digest: &str) -> serde_json::Value {
        let path = self
            .layout_dir
            .join("blobs")
            .join(digest.replacen(':', "/", 1));
        serde_json::from_slice(&fs_err::read(path).expect("read blob")).expect("blob is JSON")
    }

    /// The image manifest tagged `tag`.
    #[must_use]
    pub fn manifest(&self) -> serde_json::Value {
        let index: serde_json::Value = serde_json::from_slice(
            &fs_err::read(self.layout_dir.join("index.json")).expect("read index.json"),
        )
        .expect("index.json is JSON");
        let manifests = index["manifests"].as_array().expect("manifests");
        let entry = manifests
            .iter()
            .find(|entry| {
                entry["annotations"]["org.opencontainers.image.ref.name"] == self.tag.as_str()
            })
            .expect("the tag is in the layout");
        self.blob(entry["digest"].as_str().expect("digest"))
    }

    /// The image config (`config.Env`, `config.Labels`, `config.Entrypoint`, ...).
    #[must_use]
    pub fn config(&self) -> serde_json::Value {
        let manifest = self.manifest();
        self.blob(
            manifest["config"]["digest"]
                .as_str()
                .expect("config digest"),
        )
    }

    /// A label of the image config.
    #[must_use]
    pub fn label(&self, name: &str) -> Option<String> {
        self.config()["config"]["Labels"][name]
            .as_str()
            .map(String::from)
    }

    /// The image's root file system, unpacked on first use.
    #[must_use]
    pub fn rootfs(&self) -> PathBuf {
        if !self.bundle_dir.join("config.json").is_file() {
            let status = Command::new("bash")
                .arg("-c")
                .arg(r#"source "$0" && stowage_unpack_image "$@""#)
                .arg(&tools().shell_library)
                .arg(&self.layout_dir)
                .arg(&self.tag)
                .arg(&self.bundle_dir)
                .status()
                .expect("run stowage_unpack_image");
            assert!(status.success(), "unpacking the image failed");
        }
        self.bundle_dir.join("rootfs")
    }

    /// Reads a file of the image, e.g. `layers/sbom/launch/<bp>/<layer>/sbom.cdx.json`.
    #[must_use]
    pub fn read(&self, path: &str) -> String {
        fs_err::read_to_string(self.rootfs().join(path.trim_start_matches('/')))
            .expect("read file from image")
    }

    #[must_use]
    pub fn exists(&self, path: &str) -> bool {
        self.rootfs().join(path.trim_start_matches('/')).exists()
    }

    /// The digest of the image layer whose tar holds `path` (no leading `/`, e.g.
    /// `workspace/BOOT-INF/lib`), the last such layer if several do.
    #[must_use]
    pub fn layer_holding(&self, path: &str) -> Option<String> {
        let manifest = self.manifest();
        let layers = manifest["layers"].as_array().expect("layers");
        let wanted = path.trim_matches('/');
        layers
            .iter()
            .rev()
            .map(|layer| layer["digest"].as_str().expect("digest").to_string())
            .find(|digest| {
                let blob = self
                    .layout_dir
                    .join("blobs")
                    .join(digest.replacen(':', "/", 1));
                let file = fs_err::File::open(blob).expect("layer blob");
                let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
                archive.entries().expect("layer tar").any(|entry| {
                    entry
                        .ok()
                        .and_then(|entry| entry.path().ok().map(std::borrow::Cow::into_owned))
                        .is_some_and(|entry| {
                            entry
                                .to_string_lossy()
                                .trim_start_matches("./")
                                .trim_matches('/')
                                == wanted
                        })
                })
            })
    }

    pub(super) fn bundle(&self) -> &Path {
        &self.bundle_dir
    }
}

/// An unpacked root file system is a few hundred megabytes: it goes with its build, so a test
/// run holds only the images still in use.
impl Drop for Image {
    fn drop(&mut self) {
        let _ = fs_err::remove_dir_all(&self.bundle_dir);
    }
}
