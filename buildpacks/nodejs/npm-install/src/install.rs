//! The installs of every dependency or the production ones, with `npm ci`, `npm install` or
//! `npm rebuild`, each kept in its layer while the app's files and the tools are unchanged.

use crate::NpmInstallBuildpack;
use crate::errors;
use crate::method::Method;
use crate::npm::Npm;
use crate::vendored::{self, Vendored};
use libcnb::build::BuildContext;
use std::cell::Cell;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_nodejs::{Dependencies, PackageManagerInstaller, PreparedInstall};

/// A change to any of these reinstalls: what npm installs from, and npm's project config.
const INPUT_FILES: [&str; 4] = [
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    ".npmrc",
];

pub(crate) struct Installer<'a> {
    pub context: &'a BuildContext<NpmInstallBuildpack>,
    pub app_dir: &'a Path,
    pub project: &'a Path,
    pub npm: &'a Npm,
    pub method: &'a Method,
    pub vendored: Option<Vendored>,
    /// The app's files as the user gave them, read before any install (which may write some).
    inputs: InstallInputs,
    /// npm's cache was filled earlier in this build.
    installed: Cell<bool>,
}

impl<'a> Installer<'a> {
    pub(crate) fn new(
        context: &'a BuildContext<NpmInstallBuildpack>,
        app_dir: &'a Path,
        project: &'a Path,
        npm: &'a Npm,
        method: &'a Method,
    ) -> Result<Self, Error> {
        let vendored = match method {
            Method::Rebuild => Some(Vendored::set_aside(project)?),
            _ => None,
        };
        let mut inputs = InstallInputs::collect(
            project,
            method.name(),
            &INPUT_FILES,
            &[("Node.js", &npm.versions.node), ("npm", &npm.versions.npm)],
        )?;
        if let Some(vendored) = &vendored {
            inputs
                .files
                .insert(vendored::INPUT_NAME.to_string(), vendored.digest.clone());
        }
        Ok(Self {
            context,
            app_dir,
            project,
            npm,
            method,
            vendored,
            inputs,
            installed: Cell::new(false),
        })
    }
}

impl PackageManagerInstaller for Installer<'_> {
    type Buildpack = NpmInstallBuildpack;
    /// npm's arguments.
    type Install = Vec<&'static str>;

    fn build(&self) -> (&BuildContext<NpmInstallBuildpack>, &Path) {
        (self.context, self.project)
    }

    fn prepare(
        &self,
        dependencies: Dependencies,
        _: &mut Output,
    ) -> PreparedInstall<Self::Install> {
        let args = self.method.args(dependencies);
        let mut inputs = self.inputs.clone();
        inputs.command = format!("npm {}", args.join(" "));
        Ok((args, inputs))
    }

    fn run(&self, args: &Self::Install, output: &mut Output, _: &Path) -> Result<(), Error> {
        if let Some(vendored) = &self.vendored {
            vendored.restore_copy(self.project)?;
        }
        let mut args = args.clone();
        if self.installed.get() && *self.method != Method::Rebuild {
            // The cache just filled by the other layer's install answers npm's metadata requests.
            args.push("--prefer-offline");
        }
        self.npm
            .run(&args, output)
            .map_err(|failure| errors::refine(failure, self.method, self.app_dir, self.project))?;
        self.installed.set(true);
        Ok(())
    }
}
