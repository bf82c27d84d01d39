//! The local Maven repository (`~/.m2`): a cache-only layer kept across builds, so a rebuild
//! downloads only what changed. The wrapper's Maven distributions live there too.

use crate::MavenBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::cached_layer::{CachedLayer, LayerKey};
use stowage_kit::output::Output;

/// Changed when the layer's layout changes, which starts it afresh. A string: the lifecycle
/// keeps layer metadata as JSON, where a TOML integer comes back as a float.
const LAYOUT: &str = "1";

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct M2Key {
    layout: String,
}

impl LayerKey for M2Key {
    fn differences(&self, old: &Self) -> Vec<String> {
        if old.layout == self.layout {
            Vec::new()
        } else {
            vec![format!(
                "the layer's layout changed from {} to {}",
                old.layout, self.layout
            )]
        }
    }

    fn unchanged(&self) -> String {
        "the local Maven repository (~/.m2) of the last build is restored".to_string()
    }
}

/// The `~/.m2` folder for this build: `MAVEN_USER_HOME`, with the local repository inside.
pub(crate) fn open(
    context: &BuildContext<MavenBuildpack>,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let opened = CachedLayer {
        name: layer_name!("cache"),
        build: false,
        launch: false,
        key: M2Key {
            layout: LAYOUT.to_string(),
        },
    }
    .open(context)?;
    output.section("Maven's local repository (~/.m2, layer cache)");
    if opened.is_kept() {
        output.step(&format!("Restored from the cache: {}", opened.reason()));
    } else {
        output.step(&format!("Starting an empty cache: {}", opened.reason()));
    }
    opened.debug_compared_keys(output);
    opened.fill_if_empty(|dir| {
        fs_err::create_dir_all(dir.join("repository"))
            .map_err(|error| errors::cache_unwritable(dir, &error))
    })?;
    Ok(opened.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_survives_the_lifecycles_json_round_trip() {
        // The lifecycle's cache metadata is JSON: numbers would come back as floats.
        let key = M2Key {
            layout: LAYOUT.to_string(),
        };
        let json = serde_json::to_string(&key).expect("json");
        let back: M2Key = serde_json::from_str(&json).expect("back");
        assert!(back.differences(&key).is_empty());
        let float: Result<M2Key, _> = serde_json::from_str("{\"layout\": 1.0}");
        assert!(float.is_err(), "a number key would not be read back");
    }
}
