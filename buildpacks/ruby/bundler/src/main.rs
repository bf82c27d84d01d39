//! stowage/bundler: installs Bundler (Paketo's bundler).
//!
//! Detect always passes and provides `bundler`; it requires it when `BP_BUNDLER_VERSION` is
//! set. Build installs the version asked for (`BP_BUNDLER_VERSION` > the major of
//! Gemfile.lock's `BUNDLED WITH` > the default) into the `bundler` layer.

mod bundler_layer;
mod version;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::inventory::{Inventory, Target};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};

pub struct BundlerBuildpack;

impl Buildpack for BundlerBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        DetectResultBuilder::pass()
            .build_plan(version::BUNDLER.plan(&config))
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let request = version::request(&config, &context.app_dir)?;
        let dependency = version::BUNDLER.select(
            &context.buildpack_descriptor.metadata,
            request,
            &context.app_dir,
            &Target::from(&context.target),
            &mut output,
        )?;
        bundler_layer::install(&context, dependency, &config, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(BundlerBuildpack);
