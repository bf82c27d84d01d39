//! The layer `nuget-cache`: `NUGET_PACKAGES` while publishing, cache only (never in the image),
//! started afresh when the target changes (Paketo keeps the stack for this).

use crate::DotnetPublishBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::cached_layer::{CachedLayer, LayerKey};
use stowage_kit::output::Output;

/// A string: the lifecycle keeps layer metadata as JSON, where numbers come back as floats.
const LAYOUT: &str = "1";

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Key {
    layout: String,
}

impl LayerKey for Key {
    fn differences(&self, old: &Self) -> Vec<String> {
        if old.layout == self.layout {
            Vec::new()
        } else {
            vec![format!(
                "the layout changed from {} to {}",
                old.layout, self.layout
            )]
        }
    }

    fn unchanged(&self) -> String {
        "the NuGet packages of the last build are restored".to_string()
    }
}

pub(crate) fn open(
    context: &BuildContext<DotnetPublishBuildpack>,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let opened = CachedLayer {
        name: layer_name!("nuget-cache"),
        build: false,
        launch: false,
        key: Key {
            layout: LAYOUT.to_string(),
        },
    }
    .open(context)?;
    output.section("NuGet packages (NUGET_PACKAGES, layer nuget-cache, cache only)");
    if opened.is_kept() {
        output.step(&format!("Restored from the cache: {}", opened.reason()));
    } else {
        output.step(&format!("Starting an empty cache: {}", opened.reason()));
    }
    opened.fill_if_empty(|_| Ok(()))?;
    Ok(opened.path())
}
