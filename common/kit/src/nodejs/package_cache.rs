//! A package manager's download cache (yarn cache, pnpm store) in a layer that only the next
//! build sees: never in the image, never on PATH.

use crate::Error;
use crate::output::Output;
use libcnb::Buildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use libcnb::layer::{
    CachedLayerDefinition, InvalidMetadataAction, LayerState, RestoredLayerAction,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct CacheMetadata {
    /// What the layer caches, e.g. `Yarn 1 cache`: another kind starts empty.
    kind: String,
}

/// The cache layer `name`, holding `kind` (e.g. `pnpm store`). Kept across builds as long as
/// it holds the same kind; the log says whether it was restored.
pub fn package_cache<B>(
    context: &BuildContext<B>,
    name: &LayerName,
    kind: &str,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error>
where
    B: Buildpack<Error = Error>,
{
    let wanted = CacheMetadata {
        kind: kind.to_string(),
    };
    let layer = context.cached_layer(
        name,
        CachedLayerDefinition {
            build: false,
            launch: false,
            invalid_metadata_action: &|_| InvalidMetadataAction::DeleteLayer,
            restored_layer_action: &|cached: &CacheMetadata, _: &Path| {
                if *cached == wanted {
                    RestoredLayerAction::KeepLayer
                } else {
                    RestoredLayerAction::DeleteLayer
                }
            },
        },
    )?;
    match layer.state {
        LayerState::Restored { .. } => {
            output.step(&format!("Using the {kind} from earlier builds"));
        }
        LayerState::Empty { .. } => output.step(&format!("Starting an empty {kind}")),
    }
    layer.write_metadata(&wanted)?;
    Ok(layer.path())
}
