//! When later buildpacks and the app need `node_modules`: while building, at launch, or both,
//! merged from the buildpack plan's `node_modules` entries; and the layers that serves.

use crate::modules_layer::{
    MODULES_LAYERS, ModulesLayer, PackageManagerInstaller, fill_modules_layer, remove_unused_layer,
};
use crate::modules_link::link_modules;
use crate::node_env::{Dependencies, NodeEnv};
use libcnb::Platform;
use libcnb::data::buildpack_plan::BuildpackPlan;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::output::Output;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModulesRequirement {
    /// Later build steps (node-run-script) need every dependency, devDependencies included.
    pub build: bool,
    /// The app needs its dependencies when it runs.
    pub launch: bool,
    /// No entry said either, so `launch` was assumed.
    pub assumed: bool,
}

impl From<&BuildpackPlan> for ModulesRequirement {
    fn from(plan: &BuildpackPlan) -> Self {
        let mut needs = ModulesRequirement {
            build: false,
            launch: false,
            assumed: false,
        };
        for entry in plan.entries.iter().filter(|e| e.name == "node_modules") {
            let flag =
                |name: &str| entry.metadata.get(name).and_then(toml::Value::as_bool) == Some(true);
            needs.build |= flag("build");
            needs.launch |= flag("launch");
        }
        // Only the installer's own requirement: an app started by a Procfile or node-start
        // still loads its dependencies when it runs.
        if !needs.build && !needs.launch {
            needs.launch = true;
            needs.assumed = true;
        }
        needs
    }
}

impl ModulesRequirement {
    /// The layers to fill, the build's first. devDependencies are needed while building and
    /// ship in the image unless `NODE_ENV` is `production` (see [`NodeEnv`]); when the image's
    /// packages include them anyway, that one layer serves the build too.
    #[must_use]
    pub fn layers(&self, node_env: &NodeEnv) -> Vec<ModulesLayer> {
        let shared = node_env.launch_dependencies() == Dependencies::All;
        match (self.build, self.launch) {
            (true, true) if shared => vec![ModulesLayer::launch(true, node_env)],
            (true, true) => vec![
                ModulesLayer::build_only(),
                ModulesLayer::launch(false, node_env),
            ],
            (true, false) => vec![ModulesLayer::build_only()],
            (false, _) => vec![ModulesLayer::launch(false, node_env)],
        }
    }

    /// Fills the [layers](Self::layers) and links the app's `node_modules` to the launch
    /// packages, else the build packages. A modules layer left by an earlier build that this
    /// one does not fill is removed.
    pub fn fill(
        &self,
        project: &Path,
        installer: &impl PackageManagerInstaller,
        config: &Config,
        output: &mut Output,
    ) -> libcnb::Result<(), Error> {
        let (context, _) = installer.build();
        if self.assumed {
            output.step("No buildpack said when node_modules is needed: installing it for launch");
        }
        let layers = self.layers(&NodeEnv::effective(context.platform.env()));
        for name in MODULES_LAYERS {
            if !layers.iter().any(|layer| layer.name.as_str() == name) {
                remove_unused_layer(&context.layers_dir, name)?;
            }
        }
        // Every install's inputs are read before the first install runs, which may write
        // into the app: a layer is kept for the app as the user gave it.
        let mut prepared = Vec::new();
        for layer in &layers {
            prepared.push((layer, installer.prepare(layer.dependencies, output)?));
        }
        let mut linked = None;
        for (layer, (install, inputs)) in prepared {
            let modules = fill_modules_layer(
                context,
                project,
                layer,
                inputs,
                config,
                output,
                &mut |output, layer_dir| installer.run(&install, output, layer_dir),
            )?;
            if layer.launch || linked.is_none() {
                linked = Some(modules);
            }
        }
        if let Some(modules) = linked {
            link_modules(project, &modules)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::data::buildpack_plan::Entry;

    fn plan(entries: &[(&str, &[(&str, bool)])]) -> BuildpackPlan {
        BuildpackPlan {
            entries: entries
                .iter()
                .map(|(name, flags)| Entry {
                    name: (*name).to_string(),
                    metadata: flags
                        .iter()
                        .map(|(key, value)| ((*key).to_string(), (*value).into()))
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn merges_every_node_modules_entry() {
        let needs = ModulesRequirement::from(&plan(&[
            ("node_modules", &[("launch", true)]),
            ("node", &[("build", true)]),
            ("node_modules", &[("build", true), ("launch", false)]),
        ]));
        assert_eq!(
            (needs.build, needs.launch, needs.assumed),
            (true, true, false)
        );
    }

    #[test]
    fn no_flags_means_launch() {
        let needs = ModulesRequirement::from(&plan(&[("node_modules", &[])]));
        assert_eq!(
            (needs.build, needs.launch, needs.assumed),
            (false, true, true)
        );
    }

    fn needs(build: bool, launch: bool) -> ModulesRequirement {
        ModulesRequirement {
            build,
            launch,
            assumed: false,
        }
    }

    fn node_env(value: &str) -> NodeEnv {
        let mut platform = libcnb::Env::new();
        platform.insert("NODE_ENV", value);
        NodeEnv::effective(&platform)
    }

    /// name, build, launch, dependencies, label
    fn described(layers: &[ModulesLayer]) -> Vec<(String, bool, bool, Dependencies, String)> {
        layers
            .iter()
            .map(|layer| {
                (
                    layer.name.to_string(),
                    layer.build,
                    layer.launch,
                    layer.dependencies,
                    layer.label.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn production_splits_the_build_and_the_image_packages() {
        assert_eq!(
            described(&needs(true, true).layers(&node_env("production"))),
            [
                (
                    "build-modules".to_string(),
                    true,
                    false,
                    Dependencies::All,
                    "node_modules for the build (with devDependencies)".to_string()
                ),
                (
                    "launch-modules".to_string(),
                    false,
                    true,
                    Dependencies::Production,
                    "node_modules for launch (without devDependencies: NODE_ENV=production)"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn otherwise_one_layer_with_dev_dependencies_serves_both() {
        assert_eq!(
            described(&needs(true, true).layers(&node_env("development"))),
            [(
                "launch-modules".to_string(),
                true,
                true,
                Dependencies::All,
                "node_modules for the build and launch (with devDependencies: NODE_ENV=development)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn launch_only_follows_node_env_and_build_only_has_every_dependency() {
        let launch = needs(false, true).layers(&node_env("development"));
        assert_eq!(
            described(&launch),
            [(
                "launch-modules".to_string(),
                false,
                true,
                Dependencies::All,
                "node_modules for launch (with devDependencies: NODE_ENV=development)".to_string()
            )]
        );
        let production = needs(false, true).layers(&node_env("production"));
        assert_eq!(production[0].dependencies, Dependencies::Production);
        let build = needs(true, false).layers(&node_env("production"));
        assert_eq!(described(&build)[0].0, "build-modules");
        assert_eq!(build[0].dependencies, Dependencies::All);
        assert_eq!(build.len(), 1);
    }
}
