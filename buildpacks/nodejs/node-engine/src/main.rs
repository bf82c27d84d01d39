//! stowage/node-engine: installs the Node.js runtime.
//!
//! Detect always passes and provides `node` (or `node` and `npm`, since npm ships with node);
//! it requires `node` with the app's version request when the app makes one.
//! Build resolves the highest matching version and installs it into the `node` layer.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod node_layer;
mod plan;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::inventory::Inventory;
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{PackageJson, config_and_project_dir, find_version_requests, require};

pub struct NodeEngineBuildpack;

impl Buildpack for NodeEngineBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let requests = find_version_requests(&project, &config)?;
        // The same requirements go with both alternatives: `node`, or `node` and `npm`.
        let mut plan = BuildPlanBuilder::new().provides("node");
        for request in &requests {
            plan = plan.requires(require("node", request)?);
        }
        let mut plan = plan.or().provides("node").provides("npm");
        for request in &requests {
            plan = plan.requires(require("node", request)?);
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        // Detect reads a broken package.json as absent; the build stops here with its error.
        let (_, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        PackageJson::read_from(&project)?;
        let plan = plan::NodePlan::from(&context.buildpack_plan);
        let selected = plan::select_version(&context, &plan, &mut output)?;
        node_layer::install(&context, &plan, selected, &config, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(NodeEngineBuildpack);
