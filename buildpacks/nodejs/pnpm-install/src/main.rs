//! stowage/pnpm-install: installs the app's dependencies with pnpm.
//!
//! Detect passes for a project (`BP_NODE_PROJECT_PATH` aware) with package.json and
//! pnpm-lock.yaml. It provides `node_modules`, requires `node` and `pnpm` while building, and
//! requires `node_modules` itself (so an app started by a Procfile still gets its packages).
//!
//! Build runs `pnpm install --frozen-lockfile` into `build-modules` (every dependency, for
//! later build steps) and/or `launch-modules` (in the image), as the `node_modules`
//! requirements ask. The image's packages leave devDependencies out (`--prod`) only when
//! `NODE_ENV` (the user's, else node-engine's `production`) is `production`; otherwise
//! `launch-modules` serves the build too. pnpm installs into the app and the result, its virtual
//! store `node_modules/.pnpm` included, moves into the layer: pnpm's links inside
//! `node_modules` are relative, so they keep working. The store lives in the cache-only
//! `pnpm-store` layer. A layer is reused while package.json, pnpm-lock.yaml, pnpm's config
//! files, Node.js and pnpm are unchanged. The app's `node_modules` becomes a symlink to the
//! launch layer, else the build layer.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod install;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{
    ModulesRequirement, PackageManager, PackageManagerEnv, config_and_project_dir, detect_installer,
};

pub struct PnpmInstallBuildpack;

impl Buildpack for PnpmInstallBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (_, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        detect_installer(&project, PackageManager::Pnpm)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let needs = ModulesRequirement::from(&context.buildpack_plan);
        let env = PackageManagerEnv::new(context.platform.env())?;
        let installer = install::Installer::new(&context, &project, env, &mut output)?;
        needs.fill(&project, &installer, &config, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PnpmInstallBuildpack);
