//! stowage/npm-install: installs the app's npm dependencies.
//!
//! Detect passes for a project (`BP_NODE_PROJECT_PATH` aware) with package.json and neither
//! yarn.lock nor pnpm-lock.yaml. It provides `node_modules`, requires `node` and `npm` while
//! building, and requires `node_modules` itself (so an app started by a Procfile or
//! node-start still gets its packages).
//!
//! Build installs with `npm rebuild` (vendored `node_modules`), `npm ci` (lockfile) or
//! `npm install --no-package-lock` (no lockfile, and none written into the app), as the
//! `node_modules` requirements ask: into `build-modules` (every dependency, for later build
//! steps) and/or `launch-modules` (in the image). The image's packages leave devDependencies
//! out only when `NODE_ENV` (the user's, else node-engine's `production`) is `production`, as
//! `npm prune` does; otherwise `launch-modules` serves the build too. npm's cache lives in the
//! cache-only `npm-cache` layer. A layer is reused while package.json, the lockfile, `.npmrc`,
//! Node.js, npm and the npm command are unchanged, compared as the user's app has them before
//! any install. The app's `node_modules` becomes a symlink to the launch layer, else the build
//! layer; the layer for the build names itself in `STOWAGE_BUILD_NODE_MODULES` for build
//! steps that need devDependencies.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod install;
mod method;
mod npm;
mod npmrc;
mod vendored;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::layer_name;
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use method::Method;
use stowage_kit::output::Output;
use stowage_kit::package_cache::package_cache;
use stowage_kit::{Error, error};
use stowage_nodejs::{
    ModulesRequirement, PackageJson, PackageManager, config_and_project_dir, detect_installer,
};

pub struct NpmInstallBuildpack;

impl Buildpack for NpmInstallBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (_, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        detect_installer(&project, PackageManager::Npm)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        if PackageJson::read_from(&project)?.is_none() {
            return Err(errors::no_package_json(&project).into());
        }
        let needs = ModulesRequirement::from(&context.buildpack_plan);
        let method = Method::for_project(&project);

        output.section("Preparing npm");
        let cache = package_cache(
            &context,
            &layer_name!("npm-cache"),
            "npm cache",
            &mut output,
        )?;
        let npmrc = npmrc::find()?;
        if let Some(binding) = &npmrc {
            output.step(&format!(
                "npm config: the `{}` binding's .npmrc (NPM_CONFIG_GLOBALCONFIG)",
                binding.name
            ));
        }
        let npm = npm::Npm::new(context.platform.env(), &project, &cache, npmrc.as_ref())?;
        output.step(&format!(
            "Node.js {}, npm {}",
            npm.versions.node, npm.versions.npm
        ));
        output.step(&format!("Using `{}`: {}", method.name(), method.reason()));

        let installer =
            install::Installer::new(&context, &context.app_dir, &project, &npm, &method)?;
        needs.fill(&project, &installer, &config, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(NpmInstallBuildpack);
