//! The `httpd` layer: the httpd distribution (checksum-verified, cached, with SBOMs), with
//! `bin` on `PATH` and the launch variables its configurations read: `SERVER_ROOT` (the
//! layer), `APP_ROOT` and a default `PORT`.

use crate::HttpdBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

/// The port when the platform sets none, as stowage/nginx does.
pub(crate) const DEFAULT_PORT: &str = "8080";

/// Installs httpd; returns the layer's folder.
pub(crate) fn install(
    context: &BuildContext<HttpdBuildpack>,
    dependency: &Dependency,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("httpd"),
            dependency,
            build: false,
            launch: true,
        },
        config,
        output,
    )?;
    let home = layer.path();
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Prepend,
                "PATH",
                home.join("bin"),
            )
            .chainable_insert(Scope::Launch, ModificationBehavior::Delimiter, "PATH", ":")
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Override,
                "SERVER_ROOT",
                &home,
            )
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Default,
                "APP_ROOT",
                &context.app_dir,
            )
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Default,
                "PORT",
                DEFAULT_PORT,
            ),
    )?;
    Ok(home)
}
