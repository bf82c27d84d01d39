//! A layer that holds one downloaded dependency. It is kept on a rebuild while the resolved
//! artifact's checksum is unchanged, replaced otherwise, and the build log says which and why.

use crate::config::Config;
use crate::fetch::{self, FetchOptions};
use crate::inventory::Dependency;
use crate::output::Output;
use crate::{Error, platform, sbom};
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use libcnb::layer::{
    CachedLayerDefinition, EmptyLayerCause, InvalidMetadataAction, LayerRef, LayerState,
    RestoredLayerAction,
};
use libcnb::{Buildpack, Platform};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What to install and where the layer is visible.
pub struct DependencyLayer<'a> {
    pub name: LayerName,
    pub dependency: &'a Dependency,
    /// Visible to later buildpacks while they build.
    pub build: bool,
    /// Part of the app image.
    pub launch: bool,
}

/// Recorded in `<layer>.toml`, so the next build can tell whether the layer still fits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DependencyLayerMetadata {
    pub id: String,
    pub version: String,
    pub checksum: String,
}

impl DependencyLayerMetadata {
    #[must_use]
    pub fn of(dependency: &Dependency) -> Self {
        Self {
            id: dependency.id.clone(),
            version: dependency.version.to_string(),
            checksum: dependency.checksum.to_string(),
        }
    }
}

pub type DependencyLayerRef<B> = LayerRef<B, String, String>;

/// Makes sure the layer holds `dependency`, downloading it only when the cache cannot serve it,
/// and writes its SBOMs unless `BP_DISABLE_SBOM` is set. On failure no layer is left behind.
pub fn install<B>(
    context: &BuildContext<B>,
    layer: &DependencyLayer<'_>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<DependencyLayerRef<B>, Error>
where
    B: Buildpack<Error = Error>,
{
    let wanted = DependencyLayerMetadata::of(layer.dependency);
    let layer_ref = context.cached_layer(
        &layer.name,
        CachedLayerDefinition {
            build: layer.build,
            launch: layer.launch,
            invalid_metadata_action: &|_| {
                (
                    InvalidMetadataAction::DeleteLayer,
                    "the cached layer was written by an incompatible buildpack version".to_string(),
                )
            },
            restored_layer_action: &|cached: &DependencyLayerMetadata, _: &Path| {
                reuse_decision(cached, &wanted)
            },
        },
    )?;
    let label = format!(
        "{} {}",
        layer.dependency.display_name(),
        layer.dependency.version
    );
    output.section(&format!("Installing {label}"));
    if needs_install(&layer_ref.state, output) {
        let installed = download_into(context, layer, &layer_ref.path(), config, output);
        if let Err(error) = installed {
            remove_layer(&context.layers_dir, &layer.name);
            return Err(error.into());
        }
        layer_ref.write_metadata(&wanted)?;
    }
    let sboms = if config.sbom_enabled()? {
        sbom::layer_sboms(layer.dependency, sbom::creation_time()?)?
    } else {
        Vec::new()
    };
    layer_ref.write_sboms(&sboms)?;
    Ok(layer_ref)
}

fn reuse_decision(
    cached: &DependencyLayerMetadata,
    wanted: &DependencyLayerMetadata,
) -> (RestoredLayerAction, String) {
    if cached == wanted {
        (
            RestoredLayerAction::KeepLayer,
            format!(
                "{} {} with checksum {} is unchanged",
                wanted.id,
                wanted.version,
                short(&wanted.checksum)
            ),
        )
    } else if cached.version == wanted.version {
        (
            RestoredLayerAction::DeleteLayer,
            format!(
                "the {} {} artifact changed (checksum {} is now {})",
                wanted.id,
                wanted.version,
                short(&cached.checksum),
                short(&wanted.checksum)
            ),
        )
    } else {
        (
            RestoredLayerAction::DeleteLayer,
            format!(
                "{} changed from {} to {}",
                wanted.id, cached.version, wanted.version
            ),
        )
    }
}

/// `sha256:0123456789ab…`: enough to tell checksums apart in a log line.
fn short(checksum: &str) -> String {
    let cut = checksum.find(':').map_or(12, |colon| colon + 13);
    checksum
        .get(..cut)
        .map_or_else(|| checksum.to_string(), |prefix| format!("{prefix}…"))
}

fn download_into<B: Buildpack>(
    context: &BuildContext<B>,
    layer: &DependencyLayer<'_>,
    target: &Path,
    _config: &Config,
    output: &mut Output,
) -> Result<(), Error> {
    let bindings = platform::bindings()?;
    let location = fetch::locate(layer.dependency, context.platform.env(), &bindings)?;
    output.step(&format!("Source: {} ({})", location.uri, location.reason));
    let options = FetchOptions::from_process_env();
    let mut progress = output.download(&format!(
        "{} {}",
        layer.dependency.display_name(),
        layer.dependency.version
    ));
    fetch::install(layer.dependency, &location, target, &options, &mut progress)?;
    progress.finished();
    Ok(())
}

/// Says in the log whether a cached layer is reused or (re)installed, and why; `true`
/// when its content must be installed now.
pub(crate) fn needs_install(state: &LayerState<String, String>, output: &mut Output) -> bool {
    match state {
        LayerState::Restored { cause } => {
            output.step(&format!("Reusing the cached layer: {cause}"));
            false
        }
        LayerState::Empty { cause } => {
            let why = match cause {
                EmptyLayerCause::NewlyCreated => "nothing cached yet",
                EmptyLayerCause::InvalidMetadataAction { cause }
                | EmptyLayerCause::RestoredLayerAction { cause } => cause.as_str(),
            };
            output.step(&format!("Installing into a new layer: {why}"));
            true
        }
    }
}

/// A failed install must not leave content or metadata that a later step could mistake for a layer.
pub(crate) fn remove_layer(layers_dir: &Path, name: &LayerName) {
    let _ = fs_err::remove_dir_all(layers_dir.join(name.as_str()));
    let _ = fs_err::remove_file(layers_dir.join(format!("{}.toml", name.as_str())));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(version: &str, checksum: &str) -> DependencyLayerMetadata {
        DependencyLayerMetadata {
            id: "node".to_string(),
            version: version.to_string(),
            checksum: format!("sha256:{checksum}"),
        }
    }

    #[test]
    fn keeps_an_unchanged_layer_and_says_why() {
        let (action, why) = reuse_decision(
            &metadata("22.1.0", "aaaabbbbccccdddd"),
            &metadata("22.1.0", "aaaabbbbccccdddd"),
        );
        assert!(matches!(action, RestoredLayerAction::KeepLayer));
        assert_eq!(
            why,
            "node 22.1.0 with checksum sha256:aaaabbbbcccc… is unchanged"
        );
    }

    #[test]
    fn replaces_a_layer_when_the_version_changes() {
        let (action, why) =
            reuse_decision(&metadata("22.1.0", "aaaa"), &metadata("24.0.0", "bbbb"));
        assert!(matches!(action, RestoredLayerAction::DeleteLayer));
        assert_eq!(why, "node changed from 22.1.0 to 24.0.0");
    }

    #[test]
    fn replaces_a_layer_when_the_same_version_has_new_bytes() {
        let (action, why) =
            reuse_decision(&metadata("22.1.0", "aaaa"), &metadata("22.1.0", "bbbb"));
        assert!(matches!(action, RestoredLayerAction::DeleteLayer));
        assert_eq!(
            why,
            "the node 22.1.0 artifact changed (checksum sha256:aaaa is now sha256:bbbb)"
        );
    }
}
