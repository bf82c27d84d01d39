//! stowage/yarn-install: installs the app's dependencies with Yarn.
//!
//! Detect passes for a project (`BP_NODE_PROJECT_PATH` aware) with package.json and
//! yarn.lock. It provides `node_modules`, requires `node` and `yarn` while building, and
//! requires `node_modules` itself (so an app started by a Procfile still gets its packages).
//!
//! Build runs the project's own Yarn release (`.yarnrc.yml` `yarnPath`) or the `yarn` on PATH,
//! Yarn 1 with `--frozen-lockfile`, Yarn 2+ with `--immutable` and the `node-modules` linker,
//! into `build-modules` (every dependency, for later build steps) and/or `launch-modules`
//! (in the image), as the `node_modules` requirements ask. The image's packages leave
//! devDependencies out only when `NODE_ENV` (the user's, else node-engine's `production`) is
//! `production`; otherwise `launch-modules` serves the build too. Yarn's cache lives in the
//! cache-only `yarn-cache` layer. A layer is reused while package.json, yarn.lock, Yarn's
//! config files, Node.js and the Yarn commands are unchanged. The app's `node_modules` becomes a
//! symlink to the launch layer, else the build layer.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod install;
mod yarn;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{
    ModulesRequirement, PackageManager, PackageManagerEnv, config_and_project_dir,
    detect_installer, node_version,
};

pub struct YarnInstallBuildpack;

impl Buildpack for YarnInstallBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (_, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        detect_installer(&project, PackageManager::Yarn)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let needs = ModulesRequirement::from(&context.buildpack_plan);
        let env = PackageManagerEnv::new(context.platform.env())?;
        let node = node_version(&env, &project, "yarn-install/node-not-found")?;
        let yarn = yarn::Yarn::find(&project, &env, &node, &mut output)?;
        let installer = install::Installer::new(&context, &project, &yarn, node, env, &mut output)?;
        needs.fill(&project, &installer, &config, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(YarnInstallBuildpack);
