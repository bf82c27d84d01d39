//! A build tool's home (`~/.m2`, `~/.gradle`): the cache-only layer `cache`, kept across
//! builds so a rebuild downloads only what changed.

use libcnb::Buildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::cached_layer::{CachedLayer, LayerKey};
use stowage_kit::output::Output;

/// Changed when the layer's layout changes, which starts it afresh. A string: the lifecycle
/// keeps layer metadata as JSON, where a TOML integer comes back as a float.
const LAYOUT: &str = "1";

/// What the log says about one tool's home.
pub struct ToolHome<'a> {
    /// The section title, e.g. `Maven's local repository (~/.m2, layer cache)`.
    pub section: &'a str,
    /// Why a kept layer fits, e.g. `the local Maven repository (~/.m2) of the last build is
    /// restored`.
    pub restored: &'a str,
    /// A folder made inside a new layer (`repository`), or none.
    pub inside: Option<&'a str>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct HomeKey {
    layout: String,
    /// Only for the log; not recorded.
    #[serde(skip)]
    restored: String,
}

impl LayerKey for HomeKey {
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
        self.restored.clone()
    }
}

/// The tool's home folder for this build; `unwritable` is the buildpack's error for a layer
/// that cannot be made.
pub fn open<B>(
    context: &BuildContext<B>,
    home: &ToolHome<'_>,
    unwritable: impl FnOnce(&Path, &std::io::Error) -> Error,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error>
where
    B: Buildpack<Error = Error>,
{
    let opened = CachedLayer {
        name: layer_name!("cache"),
        build: false,
        launch: false,
        key: HomeKey {
            layout: LAYOUT.to_string(),
            restored: home.restored.to_string(),
        },
    }
    .open(context)?;
    output.section(home.section);
    if opened.is_kept() {
        output.step(&format!("Restored from the cache: {}", opened.reason()));
    } else {
        output.step(&format!("Starting an empty cache: {}", opened.reason()));
    }
    opened.debug_compared_keys(output);
    opened.fill_if_empty(|dir| {
        let folder = home
            .inside
            .map_or_else(|| dir.to_path_buf(), |inside| dir.join(inside));
        fs_err::create_dir_all(folder).map_err(|error| unwritable(dir, &error))
    })?;
    Ok(opened.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_survives_the_lifecycles_json_round_trip() {
        // The lifecycle's cache metadata is JSON: numbers would come back as floats.
        let key = HomeKey {
            layout: LAYOUT.to_string(),
            restored: "restored".to_string(),
        };
        let json = serde_json::to_string(&key).expect("json");
        assert_eq!(json, "{\"layout\":\"1\"}");
        let back: HomeKey = serde_json::from_str(&json).expect("back");
        assert!(back.differences(&key).is_empty());
        let float: Result<HomeKey, _> = serde_json::from_str("{\"layout\": 1.0}");
        assert!(float.is_err(), "a number key would not be read back");
    }
}
