//! stowage/node-start: a `web` process that runs `node <launchpoint>`.
//!
//! Detect passes when the app has a launchpoint, and requires `node` at launch.
//! Build declares the process; it installs nothing.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod launchpoint;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{at_launch, config_and_project_dir, settle_web, web_process};

pub struct NodeStartBuildpack;

impl Buildpack for NodeStartBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        if launchpoint::find(&project, &config)?.is_none() {
            return DetectResultBuilder::fail().build();
        }
        DetectResultBuilder::pass()
            .build_plan(
                stowage_kit::web_process::claim(
                    BuildPlanBuilder::new().requires(at_launch("node")?),
                    context.buildpack_descriptor.buildpack.id.as_str(),
                )?
                .build(),
            )
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let Some(launchpoint) = launchpoint::find(&project, &config)? else {
            return Err(errors::no_launchpoint().into());
        };
        let launchpoint = launchpoint.to_string_lossy();
        let shown = format!("node {launchpoint}");
        let launch = web_process(&["node"], &[&launchpoint], &shown, project, &mut output);
        settle_web(&context, &mut output)?;
        BuildResultBuilder::new().launch(launch).build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(NodeStartBuildpack);
