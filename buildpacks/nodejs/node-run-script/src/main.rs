//! stowage/node-run-script: runs the package.json scripts named in `BP_NODE_RUN_SCRIPTS`.
//!
//! Detect passes when `BP_NODE_RUN_SCRIPTS` is set and the project has package.json; it
//! requires `node` and `node_modules` while building (and `yarn` or `pnpm` for their lockfiles).
//! Build runs each script in order with `npm run`, `yarn run` or `pnpm run`, whichever the
//! lockfile implies, with the build's dependencies (devDependencies too) in `node_modules`.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod runner;
mod scripts;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{
    BUILD_MODULES_VAR, PackageJson, PackageManager, PackageManagerEnv, at_build,
    config_and_project_dir, use_build_modules,
};

pub struct NodeRunScriptBuildpack;

impl Buildpack for NodeRunScriptBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        if scripts::requested(&config).is_empty() || !project.join("package.json").is_file() {
            return DetectResultBuilder::fail().build();
        }
        let mut plan = BuildPlanBuilder::new()
            .requires(at_build("node")?)
            .requires(at_build("node_modules")?);
        match PackageManager::of_project(&project) {
            PackageManager::Npm => {}
            manager => plan = plan.requires(at_build(manager.program())?),
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let package = PackageJson::read_from(&project)?.ok_or_else(errors::no_package_json)?;
        let requested = scripts::requested(&config);
        scripts::check_present(&package, &requested)?;
        let manager = PackageManager::of_project(&project);

        output.section("Running scripts");
        output.step(&format!(
            "{}: {} (with {})",
            scripts::RUN_SCRIPTS,
            requested.join(", "),
            manager.program()
        ));
        let build_modules = std::env::var_os(BUILD_MODULES_VAR);
        let modules = use_build_modules(&project, build_modules.as_deref())?;
        if modules.swapped() {
            output.step("node_modules points at the build dependencies while the scripts run");
        }
        let env = PackageManagerEnv::new(context.platform.env())?;
        runner::run_all(&env, manager, &project, &requested, &mut output)?;
        // Back to the launch dependencies, which the image exports.
        modules.restore()?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(NodeRunScriptBuildpack);
