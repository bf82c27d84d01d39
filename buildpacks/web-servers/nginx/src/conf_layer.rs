//! The `configuration` layer: a copy of the app's nginx.conf and the files it includes (the
//! templates), the htpasswd file of a binding, and the exec.d program that renders the
//! templates into the app before each process starts. Made anew each build.

use crate::NginxBuildpack;
use crate::errors;
use libcnb::additional_buildpack_binary_path;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_web_servers::Server;
use stowage_web_servers::htpasswd;

/// Where the templates are at launch (mirroring the app's paths) and where they go.
pub(crate) const TEMPLATES: &str = "STOWAGE_NGINX_TEMPLATES";
pub(crate) const APP: &str = "STOWAGE_NGINX_APP";

/// The exec.d program (`src/bin/nginx-render-conf.rs`).
const RENDER: &str = "nginx-render-conf";

/// What the layer holds.
pub(crate) struct Configuration<'a> {
    /// Relative to the app.
    pub templates: &'a [PathBuf],
    /// A binding's `.htpasswd`, copied for the generated configuration.
    pub htpasswd: Option<&'a Path>,
}

/// Where a copied `.htpasswd` is, for the generated configuration to name.
pub(crate) fn htpasswd_path(layers_dir: &Path) -> PathBuf {
    layers_dir.join("configuration/auth/.htpasswd")
}

pub(crate) fn write(
    context: &BuildContext<NginxBuildpack>,
    configuration: &Configuration<'_>,
) -> libcnb::Result<(), Error> {
    let layer = context.uncached_layer(
        layer_name!("configuration"),
        UncachedLayerDefinition {
            build: false,
            launch: true,
        },
    )?;
    let dir = layer.path();
    let templates = dir.join("templates");
    for file in configuration.templates {
        let to = templates.join(file);
        let from = context.app_dir.join(file);
        if let Some(parent) = to.parent() {
            fs_err::create_dir_all(parent)
                .map_err(|error| errors::unreadable_conf(file, &error))?;
        }
        fs_err::copy(&from, &to).map_err(|error| errors::unreadable_conf(file, &error))?;
    }
    if let Some(htpasswd) = configuration.htpasswd {
        htpasswd::copy(htpasswd, &htpasswd_path(&context.layers_dir), Server::Nginx)?;
    }
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Override,
                TEMPLATES,
                &templates,
            )
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Override,
                APP,
                &context.app_dir,
            ),
    )?;
    layer.write_exec_d_programs([(
        RENDER,
        additional_buildpack_binary_path!("nginx-render-conf"),
    )])?;
    Ok(())
}
