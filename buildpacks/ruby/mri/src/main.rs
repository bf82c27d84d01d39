//! stowage/mri: installs MRI, the Ruby interpreter (Paketo's mri).
//!
//! Detect always passes and provides `mri`; it requires it when `BP_MRI_VERSION` is set.
//! Build installs the version the app asks for (`BP_MRI_VERSION` > the Gemfile's `ruby`
//! line > Gemfile.lock's `RUBY VERSION` > `.ruby-version` > the default) into the `mri`
//! layer, for the build and the app.

mod mri_layer;
mod version;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::inventory::{Inventory, Target};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};

pub struct MriBuildpack;

impl Buildpack for MriBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        DetectResultBuilder::pass()
            .build_plan(version::MRI.plan(&config))
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let request = version::request(&config, &context.app_dir)?;
        let dependency = version::MRI.select(
            &context.buildpack_descriptor.metadata,
            request,
            &context.app_dir,
            &Target::from(&context.target),
            &mut output,
        )?;
        mri_layer::install(&context, dependency, &config, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(MriBuildpack);
