//! Gradle's user home (`~/.gradle`, `GRADLE_USER_HOME`): a cache-only layer kept across builds,
//! holding the dependency cache and the wrapper's Gradle distributions, so a rebuild downloads
//! only what changed.

use crate::GradleBuildpack;
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
struct HomeKey {
    layout: String,
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
        "Gradle's user home (~/.gradle) of the last build is restored".to_string()
    }
}

/// The `GRADLE_USER_HOME` folder for this build.
pub(crate) fn open(
    context: &BuildContext<GradleBuildpack>,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let opened = CachedLayer {
        name: layer_name!("cache"),
        build: false,
        launch: false,
        key: HomeKey {
            layout: LAYOUT.to_string(),
        },
    }
    .open(context)?;
    output.section("Gradle's user home (~/.gradle, layer cache)");
    if opened.is_kept() {
        output.step(&format!("Restored from the cache: {}", opened.reason()));
    } else {
        output.step(&format!("Starting an empty cache: {}", opened.reason()));
    }
    opened.debug_compared_keys(output);
    opened.fill_if_empty(|dir| {
        fs_err::create_dir_all(dir).map_err(|error| errors::unwritable(dir, &error))
    })?;
    Ok(opened.path())
}
