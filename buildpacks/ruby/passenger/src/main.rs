//! stowage/passenger: runs a Rack app with Phusion Passenger (Paketo's passenger).
//!
//! Detect passes with an unindented Gemfile line `gem 'passenger'` and requires `gems`,
//! `bundler` and `mri` at launch. Build sets the `web` process
//! `bundle exec passenger start --port ${PORT:-<port>}`, the port of `Passengerfile.json`
//! (`"port"`) or 3000.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod passengerfile;

use libcnb::build::{BuildContext, BuildResult};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_ruby::{gemfile, server};

pub struct PassengerBuildpack;

impl Buildpack for PassengerBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let detected = gemfile::app_has_gem(&context.app_dir, "passenger", true);
        server::detect(&context, detected, server::APP_GEMS)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("Assigning launch processes");
        let file = context.app_dir.join(passengerfile::PASSENGERFILE);
        let port = match passengerfile::port(&file)? {
            Some(port) => {
                output.step(&format!("Default port {port}, from Passengerfile.json"));
                port
            }
            None => passengerfile::DEFAULT_PORT,
        };
        let script = format!("bundle exec passenger start --port ${{PORT:-{port}}}");
        server::web(&context, &mut output, &script)
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PassengerBuildpack);
