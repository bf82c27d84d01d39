//! stowage/rackup: runs a Rack app with `rackup` (Paketo's rackup).
//!
//! Detect passes with a `config.ru` and requires `gems`, `bundler` and `mri` at launch. Build
//! sets the `web` process `bundle exec rackup --env production -p "${PORT:-9292}"`; a
//! `#\ -p N` line of config.ru sets the default port and is removed from the file.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod config_ru;
mod errors;

use libcnb::build::{BuildContext, BuildResult};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_ruby::server;

pub struct RackupBuildpack;

impl Buildpack for RackupBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let detected = context.app_dir.join(config_ru::CONFIG_RU).is_file();
        server::detect(&context, detected, server::APP_GEMS)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("Assigning launch processes");
        let port = config_ru::take_port_line(&context.app_dir.join(config_ru::CONFIG_RU))?;
        match port {
            Some(port) => output.step(&format!(
                "Default port {port}, from config.ru's `#\\` line (removed from the file)"
            )),
            None => output.step(&format!("Default port {}", config_ru::DEFAULT_PORT)),
        }
        let script = config_ru::script(port.unwrap_or(config_ru::DEFAULT_PORT));
        server::web(&context, &mut output, &script)
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(RackupBuildpack);
