//! The launch layer `classpath` of an exploded jar: `CLASSPATH` = the app, then its manifest's
//! `Class-Path` entries (relative to the app, as java resolves them against the jar's folder).
//! Prepended with `:`, so later buildpacks can add to it.

use crate::ExecutableJarBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::{Path, PathBuf};
use stowage_kit::Error;

pub(crate) const CLASSPATH: &str = "CLASSPATH";

pub(crate) fn entries(app: &Path, class_path: &[&str]) -> Vec<PathBuf> {
    std::iter::once(app.to_path_buf())
        .chain(class_path.iter().map(|entry| app.join(entry)))
        .collect()
}

pub(crate) fn write(
    context: &BuildContext<ExecutableJarBuildpack>,
    entries: &[PathBuf],
) -> libcnb::Result<(), Error> {
    let layer = context.uncached_layer(
        layer_name!("classpath"),
        UncachedLayerDefinition {
            build: false,
            launch: true,
        },
    )?;
    let joined: Vec<String> = entries
        .iter()
        .map(|entry| entry.to_string_lossy().into_owned())
        .collect();
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Prepend,
                CLASSPATH,
                joined.join(":"),
            )
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Delimiter,
                CLASSPATH,
                ":",
            ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_comes_first_then_class_path_entries_under_it() {
        assert_eq!(
            entries(
                Path::new("/workspace"),
                &["lib/a.jar", "lib/b.jar", "classes/"]
            ),
            vec![
                PathBuf::from("/workspace"),
                PathBuf::from("/workspace/lib/a.jar"),
                PathBuf::from("/workspace/lib/b.jar"),
                PathBuf::from("/workspace/classes/"),
            ]
        );
        assert_eq!(
            entries(Path::new("/workspace"), &[]),
            vec![PathBuf::from("/workspace")]
        );
    }
}
