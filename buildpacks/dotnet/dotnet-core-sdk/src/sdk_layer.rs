//! The `dotnet-core-sdk` layer: the SDK archive (checksum-verified, cached, with SBOMs), its
//! root first on `PATH` at build (Paketo sets no `DOTNET_ROOT`: the SDK carries its runtime).

use crate::DotnetSdkBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

pub(crate) fn install(
    context: &BuildContext<DotnetSdkBuildpack>,
    dependency: &Dependency,
    build: bool,
    launch: bool,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("dotnet-core-sdk"),
            dependency,
            // Nothing else asks for it (a detect-only requirement): later buildpacks build with it.
            build: build || !launch,
            launch,
        },
        config,
        output,
    )?;
    let root = layer.path();
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(Scope::Build, ModificationBehavior::Prepend, "PATH", &root)
            .chainable_insert(Scope::Build, ModificationBehavior::Delimiter, "PATH", ":"),
    )?;
    output.step(&format!("{} first on PATH at build", root.display()));
    Ok(())
}
