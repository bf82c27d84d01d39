//! stowage/npm-start: a `web` process that runs the app's start script.
//!
//! Detect passes for an npm project (package.json, no yarn.lock or pnpm-lock.yaml) with a
//! `start` script, or with `BP_NPM_START_SCRIPT` naming another; it requires `node` and
//! `node_modules` at launch. Build declares the default `web` process: the script with its
//! `pre`/`post` hooks run by `bash -c`, as Paketo does, rather than `npm start`, so npm's
//! signal handling is not in between (bash execs a lone simple command, which then receives
//! the signals itself). It runs in the project folder.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod start_script;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{
    PackageJson, PackageManager, bash_web_process, config_and_project_dir, pass_with_start_plan,
    settle_web,
};

pub struct NpmStartBuildpack;

impl Buildpack for NpmStartBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let npm = PackageManager::Npm.manages(&project);
        let Some(package) = PackageJson::read_in_detect(&project).filter(|_| npm) else {
            return DetectResultBuilder::fail().build();
        };
        // A chosen script that is missing is reported by build, not silently skipped here.
        let (script, chosen) = start_script::name(&config);
        if !chosen && !package.scripts.contains_key(&script) {
            return DetectResultBuilder::fail().build();
        }
        pass_with_start_plan(&context)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let (config, project) = config_and_project_dir(&context.app_dir, context.platform.env())?;
        let package = PackageJson::read_from(&project)?.unwrap_or_default();
        let (script, _) = start_script::name(&config);
        let command = start_script::command(&package, &script)?;

        let launch = bash_web_process(&command, project, &mut output);
        output.detail(&format!("from the `{script}` script and its hooks"));
        settle_web(&context, &mut output)?;
        BuildResultBuilder::new().launch(launch).build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(NpmStartBuildpack);
