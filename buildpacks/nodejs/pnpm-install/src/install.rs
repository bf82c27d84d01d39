//! The two pnpm installs, into `build-modules` (every dependency) and `launch-modules`
//! (`--prod`), with the store in the cache layer.

use crate::PnpmInstallBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::command::run_streamed;
use stowage_kit::config::Config;
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_kit::package_cache::package_cache;
use stowage_kit::tool_version::tool_version;
use stowage_nodejs::{
    ModulesLayerKind, PackageManagerEnv, PackageManagerInstaller, fill_modules_layer, node_version,
};

/// What a change to should reinstall: package.json, the lockfile and pnpm's config files.
const INPUT_FILES: [&str; 5] = [
    "package.json",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    ".npmrc",
    ".pnpmfile.cjs",
];

/// `NODE_ENV=production` (set by node-engine) would leave devDependencies out of the build
/// layer, so it asks for them explicitly.
const ALL: [&str; 3] = ["install", "--frozen-lockfile", "--production=false"];
const PRODUCTION: [&str; 4] = ["install", "--frozen-lockfile", "--prod", "--prefer-offline"];

pub struct Installer<'a> {
    context: &'a BuildContext<PnpmInstallBuildpack>,
    project: &'a Path,
    env: PackageManagerEnv,
    store: PathBuf,
    node: String,
    pnpm: String,
}

impl<'a> Installer<'a> {
    pub fn new(
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
    fn install(
        &self,
        modules: ModulesLayerKind,
        config: &Config,
        output: &mut Output,
    ) -> libcnb::Result<PathBuf, Error> {
        let args: &[&str] = match modules {
            ModulesLayerKind::Build => &ALL,
            ModulesLayerKind::Launch => &PRODUCTION,
        };
        let inputs = InstallInputs::collect(
            self.project,
            &format!("pnpm {}", args.join(" ")),
            &INPUT_FILES,
            &[("Node.js", &self.node), ("pnpm", &self.pnpm)],
        )?;
        let layer = modules.layer(inputs);
        fill_modules_layer(
            self.context,
            self.project,
            &layer,
            config,
            output,
            &mut |output, _| {
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
                run_streamed(&mut command, output, "pnpm-install/install-failed", ADVICE)
                    .map_err(explain)
            },
        )
    }
}

const ADVICE: &str = "Run the same command in the app folder to reproduce it. Failures are \
    often a dependency's install script, a registry that needs credentials (put them in the \
    project's .npmrc), or a package that is not public.";

/// Turns an out-of-date lockfile into its own error; other failures stay as they are.
fn explain(error: Error) -> Error {
    let output = error.debug.clone().unwrap_or_default();
    if !output.contains("ERR_PNPM_OUTDATED_LOCKFILE") {
        return error.file("package.json");
    }
    Error {
        id: "pnpm-install/lockfile-out-of-sync",
        header: "pnpm-lock.yaml does not match package.json".to_string(),
        body: "The build installs exactly what pnpm-lock.yaml lists (`pnpm install \
               --frozen-lockfile`) and never changes it, but package.json asks for something \
               the lockfile does not list.\nRun `pnpm install` in the app folder and commit \
               the updated pnpm-lock.yaml."
            .to_string(),
        subject: None,
        debug: error.debug,
    }
    .file("pnpm-lock.yaml")
}
