//! stowage/puma: runs a Rack app with Puma (Paketo's puma).
//!
//! Detect passes when a Gemfile line starts with `gem 'puma'` (indented or not) and requires
//! `gems`, `bundler` and `mri` at launch. Build sets the `web` process
//! `bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}`.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

use libcnb::build::{BuildContext, BuildResult};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_ruby::{gemfile, server};

const SERVER: &str = "bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}";

pub struct PumaBuildpack;

impl Buildpack for PumaBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let detected = gemfile::app_has_gem(&context.app_dir, "puma", false);
        server::detect(&context, detected, server::APP_GEMS)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("Assigning launch processes");
        server::web(&context, &mut output, SERVER)
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PumaBuildpack);
