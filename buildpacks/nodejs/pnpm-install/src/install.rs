//! The pnpm installs of every dependency or the production ones (`--prod`), with the store in
//! the cache layer. `--frozen-lockfile` leaves pnpm-lock.yaml as the user gave it.

use crate::PnpmInstallBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::command::run_streamed;
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_kit::package_cache::package_cache;
use stowage_kit::tool_version::tool_version;
use stowage_nodejs::{
    Dependencies, PackageManagerEnv, PackageManagerInstaller, PreparedInstall, node_version,
};

/// What a change to should reinstall: package.json, the lockfile and pnpm's config files.
const INPUT_FILES: [&str; 5] = [
    "package.json",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    ".npmrc",
    ".pnpmfile.cjs",
];

/// `NODE_ENV=production` (node-engine's default) would leave devDependencies out, so an
/// install of every dependency asks for them explicitly.
const ALL: [&str; 3] = ["install", "--frozen-lockfile", "--production=false"];
const PRODUCTION: [&str; 4] = ["install", "--frozen-lockfile", "--prod", "--prefer-offline"];

pub(crate) struct Installer<'a> {
    context: &'a BuildContext<PnpmInstallBuildpack>,
    project: &'a Path,
    env: PackageManagerEnv,
    store: PathBuf,
    node: String,
    pnpm: String,
}

impl<'a> Installer<'a> {
    pub(crate) fn new(
        context: &'a BuildContext<PnpmInstallBuildpack>,
        project: &'a Path,
        env: PackageManagerEnv,
        output: &mut Output,
    ) -> libcnb::Result<Self, Error> {
        output.section("Finding pnpm");
        let node = node_version(&env, project, "pnpm-install/node-not-found")?;
        let pnpm = tool_version(
            &mut env.command("pnpm", &["--version"], project),
            "pnpm-install/pnpm-not-found",
            "pnpm must be installed before this buildpack runs: build with the stowage/pnpm \
             buildpack before stowage/pnpm-install (the Node.js meta-buildpack does).",
        )?;
        output.step(&format!("pnpm {pnpm} on Node.js {node}"));
        let store = package_cache(context, &layer_name!("pnpm-store"), "pnpm store", output)?;
        Ok(Self {
            context,
            project,
            env,
            store,
            node,
            pnpm,
        })
    }
}

impl PackageManagerInstaller for Installer<'_> {
    type Buildpack = PnpmInstallBuildpack;
    /// pnpm's arguments, but for the store.
    type Install = &'static [&'static str];

    fn build(&self) -> (&BuildContext<PnpmInstallBuildpack>, &Path) {
        (self.context, self.project)
    }

    fn prepare(
        &self,
        dependencies: Dependencies,
        _: &mut Output,
    ) -> PreparedInstall<Self::Install> {
        let args = args(dependencies);
        let inputs = InstallInputs::collect(
            self.project,
            &format!("pnpm {}", args.join(" ")),
            &INPUT_FILES,
            &[("Node.js", &self.node), ("pnpm", &self.pnpm)],
        )?;
        Ok((args, inputs))
    }

    fn run(&self, args: &Self::Install, output: &mut Output, _: &Path) -> Result<(), Error> {
        let store = self.store.to_string_lossy();
        let mut all = args.to_vec();
        // With no terminal, pnpm would stop rather than ask before replacing a
        // node_modules (a workspace package's, left by the other layer's install).
        all.extend([
            "--store-dir",
            &store,
            "--config.confirm-modules-purge=false",
        ]);
        let mut command = self.env.command("pnpm", &all, self.project);
        run_streamed(&mut command, output, errors::INSTALL_FAILED, errors::ADVICE)
            .map_err(errors::explain)
    }
}

/// pnpm's arguments for `dependencies`, but for the store.
fn args(dependencies: Dependencies) -> &'static [&'static str] {
    match dependencies {
        Dependencies::All => &ALL,
        Dependencies::Production => &PRODUCTION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_dependencies_either_way() {
        assert_eq!(
            args(Dependencies::All),
            ["install", "--frozen-lockfile", "--production=false"]
        );
        assert_eq!(
            args(Dependencies::Production),
            ["install", "--frozen-lockfile", "--prod", "--prefer-offline"]
        );
    }
}
