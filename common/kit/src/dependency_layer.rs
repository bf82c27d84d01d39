//! A layer that holds one downloaded dependency. It is kept on a rebuild while the resolved
//! artifact's checksum is unchanged, replaced otherwise, and the build log says which and why.

use crate::cached_layer::{CachedLayer, LayerKey, OpenedLayer};
use crate::config::Config;
use crate::fetch::{self, FetchOptions};
use crate::inventory::Dependency;
use crate::output::Output;
use crate::{Error, platform, sbom};
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
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

impl LayerKey for DependencyLayerMetadata {
    fn differences(&self, old: &Self) -> Vec<String> {
        if old.id != self.id {
            vec![format!(
                "the dependency changed from {} to {}",
                old.id, self.id
            )]
        } else if old.version != self.version {
            vec![format!(
                "{} changed from {} to {}",
                self.id, old.version, self.version
            )]
        } else if old.checksum != self.checksum {
            vec![format!(
                "the {} {} artifact changed (checksum {} is now {})",
                self.id,
                self.version,
                short(&old.checksum),
                short(&self.checksum)
            )]
        } else {
            Vec::new()
        }
    }

    fn unchanged(&self) -> String {
        format!(
            "{} {} with checksum {} is unchanged",
            self.id,
            self.version,
            short(&self.checksum)
        )
    }
}

/// Makes sure the layer holds `dependency`, downloading it only when the cache cannot serve it,
/// and writes its SBOMs unless `BP_DISABLE_SBOM` is set. On failure no layer is left behind.
pub fn install<B>(
    context: &BuildContext<B>,
    layer: &DependencyLayer<'_>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<OpenedLayer<B, DependencyLayerMetadata>, Error>
where
    B: Buildpack<Error = Error>,
{
    let opened = CachedLayer {
        name: layer.name.clone(),
        build: layer.build,
        launch: layer.launch,
        key: DependencyLayerMetadata::of(layer.dependency),
    }
    .open(context)?;
    let label = format!(
        "{} {}",
        layer.dependency.display_name(),
        layer.dependency.version
    );
    output.section(&format!("Installing {label}"));
    opened.log_reuse(output);
    opened.fill_if_empty(|target| download_into(context, layer, target, output))?;
    let sboms = if config.sbom_enabled()? {
        sbom::layer_sboms(layer.dependency, sbom::creation_time()?)?
    } else {
        Vec::new()
    };
    opened.write_sboms(&sboms)?;
    Ok(opened)
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
    output: &mut Output,
) -> Result<(), Error> {
    let bindings = platform::bindings()?;
    let location = fetch::locate_in_buildpack(
        layer.dependency,
        &context.buildpack_dir,
        context.platform.env(),
        &bindings,
    )?;
    output.step(&format!(
        "Source: {} ({})",
        location.display_uri(),
        location.reason
    ));
    let options = FetchOptions::from_process_env();
    let mut progress = output.fetch(
        &format!(
            "{} {}",
            layer.dependency.display_name(),
            layer.dependency.version
        ),
        location.source,
    );
    fetch::install(layer.dependency, &location, target, &options, &mut progress)?;
    progress.finished();
    Ok(())
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
    fn an_unchanged_artifact_says_so() {
        let same = metadata("22.1.0", "aaaabbbbccccdddd");
        assert!(same.differences(&same).is_empty());
        assert_eq!(
            same.unchanged(),
            "node 22.1.0 with checksum sha256:aaaabbbbcccc… is unchanged"
        );
    }

    #[test]
    fn a_new_version_or_new_bytes_replace_the_layer() {
        let old = metadata("22.1.0", "aaaa");
        assert_eq!(
            metadata("24.0.0", "bbbb").differences(&old),
            ["node changed from 22.1.0 to 24.0.0"]
        );
        assert_eq!(
            metadata("22.1.0", "bbbb").differences(&old),
            ["the node 22.1.0 artifact changed (checksum sha256:aaaa is now sha256:bbbb)"]
        );
    }
}
