//! The `build-gems` and `launch-gems` layers: Bundler installs into the layer (`path`), its
//! settings live in the layer's own global config (`BUNDLE_USER_CONFIG`), and a rebuild keeps
//! the layer while Gemfile, Gemfile.lock and Ruby's major.minor are unchanged.

use crate::BundleInstallBuildpack;
use crate::app_config::AppConfig;
use crate::build_files;
use crate::bundle::Bundle;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::cached_layer::{CachedLayer, OpenedLayer};
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_kit::tree_move::copy_tree;
use stowage_ruby::gemfile::GEMFILE;
use stowage_ruby::gemfile_lock::GEMFILE_LOCK;

pub(crate) type Opened = OpenedLayer<BundleInstallBuildpack, InstallInputs>;

pub(crate) struct GemsLayer {
    name: LayerName,
    /// For the log.
    label: &'static str,
    /// For later build steps (every group) rather than the app (without development, test).
    build: bool,
}

impl GemsLayer {
    pub(crate) fn build() -> Self {
        Self {
            name: layer_name!("build-gems"),
            label: "the build (every group)",
            build: true,
        }
    }

    pub(crate) fn launch() -> Self {
        Self {
            name: layer_name!("launch-gems"),
            label: "launch (without development:test)",
            build: false,
        }
    }

    /// The `bundle config --global` settings Paketo writes, sorted.
    fn settings(&self, layer_dir: &Path) -> Vec<[String; 2]> {
        let mut settings = vec![
            ["clean".to_string(), "true".to_string()],
            ["path".to_string(), layer_dir.display().to_string()],
        ];
        if !self.build {
            settings.push(["without".to_string(), "development:test".to_string()]);
        }
        settings
    }
}

/// What both layers are kept for, read before the first install (which may write
/// Gemfile.lock).
pub(crate) fn inputs(app_dir: &Path, bundle: &Bundle) -> Result<InstallInputs, Error> {
    InstallInputs::collect(
        app_dir,
        &format!("bundle {}", bundle.install_args().join(" ")),
        &[GEMFILE, GEMFILE_LOCK],
        &[("Ruby", &bundle.ruby_major_minor)],
    )
}

pub(crate) fn install(
    context: &BuildContext<BundleInstallBuildpack>,
    layer: &GemsLayer,
    inputs: &InstallInputs,
    bundle: &Bundle,
    app_config: &AppConfig,
    seed: Option<&Path>,
    output: &mut Output,
) -> libcnb::Result<Opened, Error> {
    output.section(&format!("Installing gems for {}", layer.label));
    let opened = CachedLayer {
        name: layer.name.clone(),
        build: layer.build,
        launch: !layer.build,
        key: inputs.clone(),
    }
    .open(context)?;
    opened.log_reuse(output);
    let layer_dir = opened.path();
    let user_config = layer_dir.join("config");
    opened.fill_if_empty(|dir| {
        // The build's gems, just installed, are most of the app's: Bundler then only
        // removes the development and test groups instead of fetching and compiling again.
        if let Some(seed) = seed {
            output.step("Starting from the gems installed for the build");
            for entry in fs_err::read_dir(seed).map_err(|error| errors::seed(seed, &error))? {
                let entry = entry.map_err(|error| errors::seed(seed, &error))?;
                // The gems (`ruby/<abi>/…`); the build layer's `config` is not this layer's.
                if entry.path().is_dir() {
                    copy_tree(&entry.path(), &dir.join(entry.file_name()))?;
                }
            }
        }
        app_config.write_to(&user_config)?;
        for [name, value] in layer.settings(dir) {
            bundle.run(&["config", "--global", &name, &value], &user_config, output)?;
        }
        bundle.run(&bundle.install_args(), &user_config, output)?;
        if !bundle.keep_build_files {
            let removed = build_files::remove(dir)?;
            if removed > 0 {
                output.step(&format!(
                    "Removed {removed} build files of native extensions (Makefile, mkmf.log, \
                     gem_make.out); {} keeps them",
                    build_files::KEEP
                ));
            }
        }
        Ok(())
    })?;

    let scope = if layer.build {
        Scope::Build
    } else {
        Scope::Launch
    };
    opened.write_env(LayerEnv::new().chainable_insert(
        scope,
        ModificationBehavior::Override,
        "BUNDLE_USER_CONFIG",
        &user_config,
    ))?;

    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_gems_leave_out_development_and_test() {
        let dir = Path::new("/layers/stowage_bundle-install/launch-gems");
        let text = |layer: GemsLayer| {
            layer
                .settings(dir)
                .iter()
                .map(|pair| pair.join(" "))
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(
            text(GemsLayer::launch()),
            "clean true, path /layers/stowage_bundle-install/launch-gems, without development:test"
        );
        assert_eq!(
            text(GemsLayer::build()),
            "clean true, path /layers/stowage_bundle-install/launch-gems"
        );
    }
}
