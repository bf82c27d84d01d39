//! The `bundler` layer: Bundler's gem tree (checksum-verified, cached, with SBOMs) for the
//! build and the app, its `bin` on `PATH` and the layer appended to `GEM_PATH` (after MRI's).

use crate::BundlerBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

pub(crate) fn install(
    context: &BuildContext<BundlerBuildpack>,
    dependency: &Dependency,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("bundler"),
            dependency,
            build: true,
            launch: true,
        },
        config,
        output,
    )?;
    let home = layer.path();
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::All,
                ModificationBehavior::Prepend,
                "PATH",
                home.join("bin"),
            )
            .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "PATH", ":")
            .chainable_insert(Scope::All, ModificationBehavior::Append, "GEM_PATH", &home)
            .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "GEM_PATH", ":"),
    )?;
    Ok(())
}
