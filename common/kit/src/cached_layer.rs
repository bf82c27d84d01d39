//! Every cached layer (a downloaded dependency, installed packages, a package manager's cache)
//! is opened here, keyed on a typed value recorded in `<layer>.toml`. On a rebuild the key
//! says how it differs from the recorded one, so the log always tells why the layer was kept,
//! replaced or started empty.

use crate::Error;
use crate::inventory::Target;
use crate::output::Output;
use libcnb::Buildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use libcnb::generic::GenericMetadata;
use libcnb::layer::{
    CachedLayerDefinition, EmptyLayerCause, InvalidMetadataAction, LayerRef, LayerState,
    RestoredLayerAction,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// What a cached layer was made from. A restored layer is kept while nothing differs.
pub trait LayerKey: Serialize + DeserializeOwned {
    /// How `self` differs from `old`, one phrase each (`yarn.lock changed`); empty when the
    /// layer made for `old` still fits.
    fn differences(&self, old: &Self) -> Vec<String>;

    /// Why a kept layer fits, for the log (`node 22.1.0 with checksum … is unchanged`).
    fn unchanged(&self) -> String;
}

/// A cached layer to open: its name, where it is visible and what it is made from.
pub struct CachedLayer<K> {
    pub name: LayerName,
    /// Visible to later buildpacks while they build.
    pub build: bool,
    /// Part of the app image.
    pub launch: bool,
    pub key: K,
}

/// What `<layer>.toml` records: the target the layer was made for (a layer built for another
/// OS, architecture or distribution never fits) beside the key's own fields.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Recorded<K> {
    target: String,
    #[serde(flatten)]
    key: K,
}

/// An opened cached layer: restored and kept, or empty and waiting to be filled.
pub struct OpenedLayer<B: Buildpack, K> {
    layer: LayerRef<B, String, String>,
    wanted: Recorded<K>,
    layers_dir: PathBuf,
    name: LayerName,
    reason: String,
    old: Option<String>,
}

impl<K: LayerKey> CachedLayer<K> {
    /// Restores the layer when its recorded key still fits, else starts it empty.
    pub fn open<B>(self, context: &BuildContext<B>) -> libcnb::Result<OpenedLayer<B, K>, Error>
    where
        B: Buildpack<Error = Error>,
    {
        let wanted = Recorded {
            target: Target::from(&context.target).to_string(),
            key: self.key,
        };
        let old = RefCell::new(None);
        let layer = context.cached_layer(
            &self.name,
            CachedLayerDefinition {
                build: self.build,
                launch: self.launch,
                invalid_metadata_action: &|raw: &GenericMetadata| {
                    old.replace(raw.as_ref().map(ToString::to_string));
                    (InvalidMetadataAction::DeleteLayer, unreadable(raw))
                },
                restored_layer_action: &|cached: &Recorded<K>, _: &Path| {
                    old.replace(toml::to_string(cached).ok());
                    decide(cached, &wanted)
                },
            },
        )?;
        let reason = match &layer.state {
            LayerState::Restored { cause } => cause.clone(),
            LayerState::Empty { cause } => empty_reason(cause),
        };
        Ok(OpenedLayer {
            layer,
            wanted,
            layers_dir: context.layers_dir.clone(),
            name: self.name,
            reason,
            old: old.into_inner(),
        })
    }
}

/// The layer itself, for its env, SBOMs and exec.d programs.
impl<B: Buildpack, K> Deref for OpenedLayer<B, K> {
    type Target = LayerRef<B, String, String>;

    fn deref(&self) -> &Self::Target {
        &self.layer
    }
}

impl<B, K> OpenedLayer<B, K>
where
    B: Buildpack<Error = Error>,
    K: LayerKey,
{
    /// True when the restored layer was kept.
    #[must_use]
    pub fn is_kept(&self) -> bool {
        matches!(self.layer.state, LayerState::Restored { .. })
    }

    /// Why the layer was kept or started empty.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Logs whether the layer is reused or installed, and why.
    pub fn log_reuse(&self, output: &mut Output) {
        if self.is_kept() {
            output.step(&format!("Reusing the cached layer: {}", self.reason));
        } else {
            output.step(&format!("Installing into a new layer: {}", self.reason));
        }
        self.debug_compared_keys(output);
    }

    /// At debug level, the keys the decision compared, as recorded and as wanted now.
    pub fn debug_compared_keys(&self, output: &mut Output) {
        if !output.debugging() {
            return;
        }
        let name = self.name.as_str();
        let indented = |toml: &str| -> String {
            toml.lines()
                .fold(String::new(), |text, line| text + "\n  " + line)
        };
        match &self.old {
            Some(old) => output.debug(&format!("Layer {name}: cached key{}", indented(old))),
            None => output.debug(&format!("Layer {name}: no cached key")),
        }
        output.debug(&format!(
            "Layer {name}: wanted key{}",
            indented(&toml::to_string(&self.wanted).unwrap_or_default())
        ));
    }

    /// Fills an empty layer with `fill` and records its key; a kept layer is left as it is.
    /// A failed fill leaves no layer behind, so no later build mistakes it for a good one.
    pub fn fill_if_empty(
        &self,
        fill: impl FnOnce(&Path) -> Result<(), Error>,
    ) -> libcnb::Result<(), Error> {
        if self.is_kept() {
            return Ok(());
        }
        if let Err(error) = fill(&self.layer.path()) {
            self.remove();
            return Err(error.into());
        }
        self.record()
    }

    /// Records the key in `<layer>.toml`, so the next build can compare it.
    pub fn record(&self) -> libcnb::Result<(), Error> {
        self.layer.write_metadata(&self.wanted)
    }

    fn remove(&self) {
        let _ = fs_err::remove_dir_all(self.layers_dir.join(self.name.as_str()));
        let _ = fs_err::remove_file(self.layers_dir.join(format!("{}.toml", self.name.as_str())));
    }
}

fn decide<K: LayerKey>(
    cached: &Recorded<K>,
    wanted: &Recorded<K>,
) -> (RestoredLayerAction, String) {
    let mut changes = Vec::new();
    if cached.target != wanted.target {
        changes.push(format!(
            "the target changed from {} to {}",
            cached.target, wanted.target
        ));
    }
    changes.extend(wanted.key.differences(&cached.key));
    if changes.is_empty() {
        (RestoredLayerAction::KeepLayer, wanted.key.unchanged())
    } else {
        (RestoredLayerAction::DeleteLayer, changes.join(", "))
    }
}

fn unreadable(raw: &GenericMetadata) -> String {
    if raw.is_some() {
        "the cached layer's metadata is unreadable (an incompatible buildpack version wrote it)"
            .to_string()
    } else {
        "the cached layer has no metadata".to_string()
    }
}

fn empty_reason(cause: &EmptyLayerCause<String, String>) -> String {
    match cause {
        EmptyLayerCause::NewlyCreated => {
            "nothing cached yet (a first build, or the cache was cleared)".to_string()
        }
        EmptyLayerCause::InvalidMetadataAction { cause }
        | EmptyLayerCause::RestoredLayerAction { cause } => cause.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
    struct Tool {
        version: String,
    }

    impl LayerKey for Tool {
        fn differences(&self, old: &Self) -> Vec<String> {
            if self.version == old.version {
                Vec::new()
            } else {
                vec![format!(
                    "tool changed from {} to {}",
                    old.version, self.version
                )]
            }
        }

        fn unchanged(&self) -> String {
            format!("tool {} is unchanged", self.version)
        }
    }

    fn recorded(target: &str, version: &str) -> Recorded<Tool> {
        Recorded {
            target: target.to_string(),
            key: Tool {
                version: version.to_string(),
            },
        }
    }

    #[test]
    fn every_reason_has_a_sentence() {
        let amd = "linux/amd64 (debian 12)";
        let arm = "linux/arm64 (debian 12)";
        let cases = [
            ("same", decide(&recorded(amd, "1"), &recorded(amd, "1"))),
            (
                "key changed",
                decide(&recorded(amd, "1"), &recorded(amd, "2")),
            ),
            (
                "target changed",
                decide(&recorded(amd, "1"), &recorded(arm, "1")),
            ),
            (
                "both changed",
                decide(&recorded(amd, "1"), &recorded(arm, "2")),
            ),
        ];
        let mut lines: Vec<String> = cases
            .into_iter()
            .map(|(case, (action, why))| {
                let verb = match action {
                    RestoredLayerAction::KeepLayer => "keep",
                    RestoredLayerAction::DeleteLayer => "replace",
                };
                format!("{case}: {verb}: {why}")
            })
            .collect();
        lines.push(format!(
            "unreadable: {}",
            unreadable(&Some(toml::Table::new()))
        ));
        lines.push(format!("no metadata: {}", unreadable(&None)));
        lines.push(format!(
            "nothing restored: {}",
            empty_reason(&EmptyLayerCause::NewlyCreated)
        ));
        let text = lines.join("\n");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn records_the_target_beside_the_key() {
        let text = toml::to_string(&recorded("linux/amd64", "1")).expect("toml");
        assert_eq!(text, "target = \"linux/amd64\"\nversion = \"1\"\n");
        let parsed: Recorded<Tool> = toml::from_str(&text).expect("parse");
        assert_eq!(parsed, recorded("linux/amd64", "1"));
        assert!(
            toml::from_str::<Recorded<Tool>>("version = \"1\"").is_err(),
            "metadata of the old shape is unreadable, and replaced"
        );
    }
}
