//! The lifecycle a builder ships: our Go-built `/cnb/lifecycle` folder, its version (pinned in
//! `tools/lifecycle/go.mod`) and the APIs that version supports.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};

use crate::Result;
use crate::oci::{Layer, TreeStyle};

pub struct Lifecycle {
    /// The folder holding `lifecycle`, `launcher` and the phase links (`STOWAGE_LIFECYCLE_DIR`).
    pub dir: PathBuf,
    pub version: String,
}

/// Buildpack and platform APIs by lifecycle version (from the lifecycle's `api/apis.go`).
const APIS: &[(&str, &[&str], &[&str])] = &[(
    "0.21.0",
    &["0.7", "0.8", "0.9", "0.10", "0.11", "0.12"],
    &[
        "0.7", "0.8", "0.9", "0.10", "0.11", "0.12", "0.13", "0.14", "0.15",
    ],
)];

impl Lifecycle {
    /// The lifecycle in `dir`, at the version `go_mod` (tools/lifecycle/go.mod) pins.
    pub fn new(dir: &Path, go_mod: &Path) -> Result<Self> {
        if !dir.join("lifecycle").is_file() {
            return Err(format!(
                "{} holds no lifecycle binary: build it first (scripts/lib/test-env.sh prints STOWAGE_LIFECYCLE_DIR)",
                dir.display()
            )
            .into());
        }
        let version = fs_err::read_to_string(go_mod)?
            .lines()
            .find_map(|line| {
                line.trim()
                    .strip_prefix("github.com/buildpacks/lifecycle v")
            })
            .and_then(|rest| rest.split_whitespace().next())
            .map(String::from)
            .ok_or_else(|| {
                format!(
                    "{} pins no github.com/buildpacks/lifecycle",
                    go_mod.display()
                )
            })?;
        Ok(Self {
            dir: dir.to_path_buf(),
            version,
        })
    }

    fn supported(&self) -> Result<(&'static [&'static str], &'static [&'static str])> {
        APIS.iter()
            .find(|(version, _, _)| *version == self.version)
            .map(|(_, buildpack, platform)| (*buildpack, *platform))
            .ok_or_else(|| {
                format!(
                    "lifecycle {}: its supported APIs are not known; add them to APIS in scripts/src/builder_image/lifecycle.rs (from its api/apis.go)",
                    self.version
                )
                .into()
            })
    }

    /// `io.buildpacks.lifecycle.apis`.
    pub fn apis(&self) -> Result<Value> {
        let (buildpack, platform) = self.supported()?;
        Ok(json!({
            "buildpack": {"deprecated": [], "supported": buildpack},
            "platform": {"deprecated": [], "supported": platform},
        }))
    }

    /// The `lifecycle` part of `io.buildpacks.builder.metadata`.
    pub fn metadata(&self) -> Result<Value> {
        let (buildpack, platform) = self.supported()?;
        Ok(json!({
            "version": self.version,
            "api": {"buildpack": buildpack[0], "platform": platform[0]},
            "apis": self.apis()?,
        }))
    }

    /// `lifecycle.toml` of a lifecycle release archive: its version and APIs.
    pub fn descriptor_toml(&self) -> Result<String> {
        let (buildpack, platform) = self.supported()?;
        let apis = |supported: &[&str]| {
            toml::Value::Table(toml::Table::from_iter([
                ("deprecated".to_string(), toml::Value::Array(Vec::new())),
                (
                    "supported".to_string(),
                    toml::Value::Array(supported.iter().map(|&api| api.into()).collect()),
                ),
            ]))
        };
        let document = toml::Table::from_iter([
            (
                "apis".to_string(),
                toml::Value::Table(toml::Table::from_iter([
                    ("buildpack".to_string(), apis(buildpack)),
                    ("platform".to_string(), apis(platform)),
                ])),
            ),
            (
                "lifecycle".to_string(),
                toml::Value::Table(toml::Table::from_iter([(
                    "version".to_string(),
                    self.version.as_str().into(),
                )])),
            ),
        ]);
        Ok(toml::to_string(&document)?)
    }

    /// Writes the lifecycle as its release archive (`lifecycle-v<version>+linux.x86-64.tgz`:
    /// `lifecycle.toml` and `lifecycle/<binaries>`), what `[lifecycle] uri` of a builder.toml
    /// takes for `pack builder create`. Written whole or not at all.
    pub fn write_archive(&self, out: &Path) -> Result<()> {
        let mut layer = Layer::default();
        layer.file("lifecycle.toml", self.descriptor_toml()?, 0o644);
        layer.dir("lifecycle", 0, 0);
        layer.tree(&self.dir, "lifecycle", TreeStyle::Normalized)?;
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let staging = tempfile::tempdir_in(parent)
            .map_err(|error| format!("{}: cannot write there: {error}", parent.display()))?;
        let blob = layer.write(staging.path())?;
        let hex = blob.digest.trim_start_matches("sha256:");
        fs_err::rename(staging.path().join(hex), out)?;
        Ok(())
    }

    /// `/cnb/lifecycle/*` and the `/lifecycle` link pack adds for older platforms.
    pub fn layer(&self) -> Result<Layer> {
        let mut layer = Layer::default();
        layer.dir("cnb/lifecycle", 0, 0);
        layer.tree(&self.dir, "cnb/lifecycle", TreeStyle::Normalized)?;
        layer.symlink("lifecycle", "/cnb/lifecycle");
        Ok(layer)
    }
}
