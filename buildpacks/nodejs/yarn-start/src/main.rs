//! stowage/yarn-start: a `web` process that runs the app's `start` script.
//!
//! Detect passes for a project (`BP_NODE_PROJECT_PATH` aware) with yarn.lock or
//! pnpm-lock.yaml and a `start` script in package.json; it requires `node` and `node_modules`
//! at launch. Build declares the default `web` process: `bash -c` with the script and its
//! `prestart`/`poststart` hooks, as Paketo's yarn-start does, in the project folder. Neither
//! Yarn nor pnpm runs at launch, so signals reach the app and the image needs neither.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod start;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{bash_web_process, config_and_project_dir, pass_with_start_plan, settle_web};

pub struct YarnStartBuildpack;

impl Buildpack for YarnStartBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (_, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        // A broken package.json is node-engine's build error, not one per order group here.
        if !matches!(start::command(&project), Ok(Some(_))) {
            return DetectResultBuilder::fail().build();
        }
        pass_with_start_plan(&context)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let (_, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let Some(command) = start::command(&project)? else {
            return Err(errors::no_start_script().into());
        };
        let launch = bash_web_process(&command, project, &mut output);
        settle_web(&context, &mut output)?;
        BuildResultBuilder::new().launch(launch).build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(YarnStartBuildpack);
