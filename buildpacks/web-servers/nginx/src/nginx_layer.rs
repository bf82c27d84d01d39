//! The `nginx` layer: the nginx distribution (checksum-verified, cached, with SBOMs), with
//! `sbin` on `PATH` and its folder for the launch-time `{{module}}` function.

use crate::NginxBuildpack;
use crate::version::NginxPlan;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

/// The nginx layer's folder at launch, read by the exec.d program.
pub(crate) const NGINX_HOME: &str = "STOWAGE_NGINX_HOME";

/// Installs nginx; returns the layer's folder.
pub(crate) fn install(
    context: &BuildContext<NginxBuildpack>,
    plan: &NginxPlan,
    dependency: &Dependency,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("nginx"),
            dependency,
            build: plan.build,
            // A web server is for the running app, even when a plan entry did not say so.
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
                home.join("sbin"),
            )
            .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "PATH", ":")
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Override,
                NGINX_HOME,
                &home,
            ),
    )?;
    Ok(home)
}
