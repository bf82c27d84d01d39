//! When later buildpacks and the app need `node_modules`: while building, at launch, or both,
//! merged from the buildpack plan's `node_modules` entries.

use crate::modules_layer::{ModulesLayerKind, PackageManagerInstaller};
use crate::modules_link::link_modules;
use libcnb::data::buildpack_plan::BuildpackPlan;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::output::Output;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModulesRequirement {
    /// Later build steps (node-run-script) need every dependency, devDependencies included.
    pub build: bool,
    /// The app needs its production dependencies when it runs.
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
    /// Fills the build layer (every dependency) and/or the launch layer (no devDependencies)
    /// as needed, then links the app's `node_modules` to the launch packages, else the build
    /// packages.
    pub fn fill(
        &self,
        project: &Path,
        installer: &impl PackageManagerInstaller,
        config: &Config,
        output: &mut Output,
    ) -> libcnb::Result<(), Error> {
        if self.assumed {
            output.step("No buildpack said when node_modules is needed: installing it for launch");
        }
        let build_modules = if self.build {
            Some(installer.install(ModulesLayerKind::Build, config, output)?)
        } else {
            None
        };
        let launch_modules = if self.launch {
            Some(installer.install(ModulesLayerKind::Launch, config, output)?)
        } else {
            None
        };
        if let Some(modules) = launch_modules.or(build_modules) {
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
}
