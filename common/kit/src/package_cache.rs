//! A package manager's download cache (npm cache, yarn cache, pnpm store) in a layer that only
//! the next build sees: never in the image, never on PATH.

use crate::Error;
use crate::cached_layer::{CachedLayer, LayerKey};
use crate::output::Output;
use libcnb::Buildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What the layer caches, e.g. `Yarn 1 cache`: another kind starts empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CacheKind {
    kind: String,
}

impl LayerKey for CacheKind {
    fn differences(&self, old: &Self) -> Vec<String> {
        if self.kind == old.kind {
            Vec::new()
        } else {
            vec![format!("it held the {}", old.kind)]
        }
    }

    fn unchanged(&self) -> String {
        format!("it holds the {}", self.kind)
    }
}

/// The cache layer `name`, holding `kind` (e.g. `pnpm store`). Kept across builds as long as
/// it holds the same kind; the log says whether it was restored, and why not.
pub fn package_cache<B>(
    context: &BuildContext<B>,
    name: &LayerName,
    kind: &str,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error>
where
    B: Buildpack<Error = Error>,
{
    let layer = CachedLayer {
        name: name.clone(),
        build: false,
        launch: false,
        key: CacheKind {
            kind: kind.to_string(),
        },
    }
    .open(context)?;
    if layer.is_kept() {
        output.step(&format!("Using the {kind} from earlier builds"));
    } else {
        output.step(&format!("Starting an empty {kind}: {}", layer.reason()));
    }
    layer.debug_compared_keys(output);
    layer.record()?;
    Ok(layer.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_kind_of_cache_starts_empty() {
        let npm = CacheKind {
            kind: "npm cache".to_string(),
        };
        let yarn = CacheKind {
            kind: "Yarn 1 cache".to_string(),
        };
        assert!(npm.differences(&npm).is_empty());
        assert_eq!(yarn.differences(&npm), ["it held the npm cache"]);
    }
}
