//! The installs of every dependency or the production ones, with Yarn 1's or Yarn 2+'s
//! commands and settings. Both need yarn.lock and leave it as it is (`--frozen-lockfile`,
//! `--immutable`), so the app keeps the files the user gave it.

use crate::YarnInstallBuildpack;
use crate::errors;
use crate::yarn::{Flavour, Yarn};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::command::run_streamed;
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_kit::package_cache::package_cache;
use stowage_nodejs::{Dependencies, PackageManagerEnv, PackageManagerInstaller, PreparedInstall};

/// What a change to should reinstall: package.json, the lockfile and Yarn's config files.
const INPUT_FILES: [&str; 5] = [
    "package.json",
    "yarn.lock",
    ".yarnrc.yml",
    ".yarnrc",
    ".npmrc",
];

const CLASSIC_ALL: [&str; 5] = [
    "install",
    "--frozen-lockfile",
    "--production=false",
    "--non-interactive",
    // node-engine picked node from engines.node already; a dependency's engines field
    // must not fail the build (npm only warns).
    "--ignore-engines",
];
const CLASSIC_PRODUCTION: [&str; 6] = [
    "install",
    "--frozen-lockfile",
    "--production=true",
    "--non-interactive",
    "--ignore-engines",
    "--prefer-offline",
];
const BERRY_INSTALL: [&str; 2] = ["install", "--immutable"];
const BERRY_FOCUS: [&str; 4] = ["workspaces", "focus", "--all", "--production"];

pub(crate) struct Installer<'a> {
    context: &'a BuildContext<YarnInstallBuildpack>,
    project: &'a Path,
    yarn: &'a Yarn,
    env: PackageManagerEnv,
    cache: PathBuf,
    node: String,
}

impl<'a> Installer<'a> {
    pub(crate) fn new(
        context: &'a BuildContext<YarnInstallBuildpack>,
        project: &'a Path,
        yarn: &'a Yarn,
        node: String,
        mut env: PackageManagerEnv,
        output: &mut Output,
    ) -> libcnb::Result<Self, Error> {
        let kind = match yarn.flavour {
            Flavour::Classic => "Yarn 1 cache",
            Flavour::Berry => "Yarn 2+ cache",
        };
        let cache = package_cache(context, &layer_name!("yarn-cache"), kind, output)?;
        if yarn.flavour == Flavour::Berry {
            berry_settings(&mut env, yarn, project, &cache, output)?;
        }
        Ok(Self {
            context,
            project,
            yarn,
            env,
            cache,
            node,
        })
    }

    /// The commands of one install; Yarn 2+ keeps devDependencies when it cannot focus.
    fn commands(&self, dependencies: Dependencies, output: &mut Output) -> Vec<Vec<String>> {
        let can_focus = self.can_focus();
        if self.yarn.flavour == Flavour::Berry
            && dependencies == Dependencies::Production
            && !can_focus
        {
            output.warning(&errors::dev_dependencies_kept(self.yarn));
        }
        commands(self.yarn.flavour, can_focus, dependencies)
            .into_iter()
            .map(|args| match self.yarn.flavour {
                Flavour::Classic => self.classic(args),
                Flavour::Berry => strings(args),
            })
            .collect()
    }

    fn classic(&self, args: &[&str]) -> Vec<String> {
        let mut args = strings(args);
        args.push("--cache-folder".to_string());
        args.push(self.cache.to_string_lossy().into_owned());
        args
    }

    /// `workspaces focus` is built into Yarn 4; Yarn 2 and 3 need the workspace-tools plugin.
    fn can_focus(&self) -> bool {
        self.yarn.version.major >= 4 || self.yarn.rc.mentions("plugin-workspace-tools")
    }
}

impl PackageManagerInstaller for Installer<'_> {
    type Buildpack = YarnInstallBuildpack;
    /// The commands' arguments.
    type Install = Vec<Vec<String>>;

    fn build(&self) -> (&BuildContext<YarnInstallBuildpack>, &Path) {
        (self.context, self.project)
    }

    fn prepare(
        &self,
        dependencies: Dependencies,
        output: &mut Output,
    ) -> PreparedInstall<Self::Install> {
        let commands = self.commands(dependencies, output);
        let shown: Vec<String> = commands
            .iter()
            .map(|args| self.yarn.shown(&without_cache(args)))
            .collect();
        let version = self.yarn.version.to_string();
        let inputs = InstallInputs::collect(
            self.project,
            &shown.join(" && "),
            &INPUT_FILES,
            &[("Node.js", &self.node), ("Yarn", &version)],
        )?;
        Ok((commands, inputs))
    }

    fn run(
        &self,
        commands: &Self::Install,
        output: &mut Output,
        layer_dir: &Path,
    ) -> Result<(), Error> {
        for args in commands {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut command = self.yarn.command(&self.env, &args, self.project);
            // Yarn 2+ records what it installed next to the packages it describes.
            command.env(
                "YARN_INSTALL_STATE_PATH",
                layer_dir.join("install-state.gz"),
            );
            run_streamed(
                &mut command,
                output,
                "yarn-install/install-failed",
                errors::ADVICE,
            )
            .map_err(|error| errors::explain(error, self.yarn, self.project))?;
        }
        Ok(())
    }
}

/// The commands of an install of `dependencies`, but for Yarn 1's cache folder. Yarn 2+ leaves
/// devDependencies out only with `workspaces focus` (`can_focus`), else keeps them.
fn commands(
    flavour: Flavour,
    can_focus: bool,
    dependencies: Dependencies,
) -> Vec<&'static [&'static str]> {
    match (dependencies, flavour) {
        (Dependencies::All, Flavour::Classic) => vec![&CLASSIC_ALL],
        (Dependencies::Production, Flavour::Classic) => vec![&CLASSIC_PRODUCTION],
        (Dependencies::Production, Flavour::Berry) if can_focus => {
            vec![&BERRY_INSTALL, &BERRY_FOCUS]
        }
        (_, Flavour::Berry) => vec![&BERRY_INSTALL],
    }
}

/// Yarn 2+: the `node-modules` linker unless the project chooses one, the cache in the cache
/// layer unless the project commits its cache, and no telemetry or progress bars.
fn berry_settings(
    env: &mut PackageManagerEnv,
    yarn: &Yarn,
    project: &Path,
    cache: &Path,
    output: &mut Output,
) -> Result<(), Error> {
    match yarn.rc.get("nodeLinker") {
        Some("pnp") => return Err(errors::pnp_not_supported()),
        Some(linker) => output.step(&format!("Linker: {linker} (from .yarnrc.yml)")),
        None => {
            env.set("YARN_NODE_LINKER", "node-modules");
            output.step("Linker: node-modules (the project sets no nodeLinker)");
        }
    }
    let committed_cache = fs_err::read_dir(project.join(".yarn/cache")).is_ok_and(|mut entries| {
        entries.any(|entry| entry.is_ok_and(|e| e.file_name() != ".gitignore"))
    });
    if committed_cache {
        output.step("Using the cache the project commits (.yarn/cache)");
    } else {
        env.set("YARN_ENABLE_GLOBAL_CACHE", "true");
        env.set("YARN_GLOBAL_FOLDER", cache);
    }
    env.set("YARN_ENABLE_TELEMETRY", "false");
    env.set("YARN_ENABLE_PROGRESS_BARS", "false");
    env.set("YARN_ENABLE_HYPERLINKS", "false");
    Ok(())
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_string()).collect()
}

/// The layer path of the cache folder must not make a layer look changed.
fn without_cache(args: &[String]) -> Vec<&str> {
    let mut shown = Vec::new();
    let mut skip = false;
    for arg in args {
        if skip {
            skip = false;
        } else if arg == "--cache-folder" {
            skip = true;
        } else {
            shown.push(arg.as_str());
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yarn_1_names_the_dependencies_either_way() {
        // NODE_ENV=production (node-engine's default) would leave devDependencies out.
        assert_eq!(
            commands(Flavour::Classic, false, Dependencies::All),
            [&CLASSIC_ALL[..]]
        );
        assert!(CLASSIC_ALL.contains(&"--production=false"));
        assert_eq!(
            commands(Flavour::Classic, false, Dependencies::Production),
            [&CLASSIC_PRODUCTION[..]]
        );
        assert!(CLASSIC_PRODUCTION.contains(&"--production=true"));
    }

    #[test]
    fn yarn_2_focuses_on_production_dependencies_when_it_can() {
        assert_eq!(
            commands(Flavour::Berry, true, Dependencies::All),
            [&["install", "--immutable"][..]]
        );
        assert_eq!(
            commands(Flavour::Berry, true, Dependencies::Production),
            [
                &["install", "--immutable"][..],
                &["workspaces", "focus", "--all", "--production"][..]
            ]
        );
        assert_eq!(
            commands(Flavour::Berry, false, Dependencies::Production),
            [&["install", "--immutable"][..]]
        );
    }
}
