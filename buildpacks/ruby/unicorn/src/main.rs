//! stowage/unicorn: runs a Rack app with Unicorn (Paketo's unicorn).
//!
//! Detect passes with a `config.ru` and an unindented Gemfile line `gem 'unicorn'`, and
//! requires `gems`, `bundler` and `mri` at launch. Build sets the `web` process
//! `bundle exec unicorn --listen "${PORT:-8080}"`.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

use libcnb::build::{BuildContext, BuildResult};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_ruby::{gemfile, server};

const SERVER: &str = "bundle exec unicorn --listen \"${PORT:-8080}\"";

pub struct UnicornBuildpack;

impl Buildpack for UnicornBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let detected = context.app_dir.join("config.ru").is_file()
            && gemfile::app_has_gem(&context.app_dir, "unicorn", true);
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

buildpack_main!(UnicornBuildpack);
