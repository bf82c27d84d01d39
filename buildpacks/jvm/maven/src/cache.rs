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

/// Bumped when the layer's layout changes, which starts it afresh.
const LAYOUT: u32 = 1;

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct M2Key {
    layout: u32,
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
        key: M2Key { layout: LAYOUT },
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
