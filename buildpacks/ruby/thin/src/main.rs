//! stowage/thin: runs a Rack app with Thin (Paketo's thin).
//!
//! Detect passes with an unindented Gemfile line `gem 'thin'` and requires `gems`, `bundler`
//! and `mri` at launch. Build sets the `web` process
//! `bundle exec thin [-C <config>] [-R <app>/config.ru] -p "${PORT:-3000}" start`; the config
//! is `BP_THIN_CONFIG_LOCATION` (absolute or app-relative, it must exist), else the app's
//! `thin.yml` when there is one.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;

use libcnb::build::{BuildContext, BuildResult};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use std::path::{Path, PathBuf};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_ruby::{gemfile, server};

const CONFIG_LOCATION: &str = "BP_THIN_CONFIG_LOCATION";

pub struct ThinBuildpack;

impl Buildpack for ThinBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let detected = gemfile::app_has_gem(&context.app_dir, "thin", true);
        server::detect(&context, detected, server::APP_GEMS)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("Assigning launch processes");
        let config = Config::new(context.platform.env());
        let thin_config = config_file(&context.app_dir, config.string(CONFIG_LOCATION))?;
        if let Some(file) = &thin_config {
            output.step(&format!("Thin's configuration: {}", file.display()));
        }
        let script = script(&context.app_dir, thin_config.as_deref());
        server::web(&context, &mut output, &script)
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// `BP_THIN_CONFIG_LOCATION` (it must exist), else `thin.yml` if the app has one.
fn config_file(app: &Path, location: Option<String>) -> Result<Option<PathBuf>, Error> {
    match location {
        Some(location) => {
            let file = app.join(&location);
            if file.is_file() {
                Ok(Some(file))
            } else {
                Err(errors::config_not_found(&file, CONFIG_LOCATION))
            }
        }
        None => Ok(Some(app.join("thin.yml")).filter(|file| file.is_file())),
    }
}

fn script(app: &Path, config: Option<&Path>) -> String {
    let rackup = app.join("config.ru");
    let options: Vec<String> = [
        config.map(|config| format!("-C {}", server::quote(config))),
        rackup
            .is_file()
            .then(|| format!("-R {}", server::quote(&rackup))),
        Some("-p \"${PORT:-3000}\" start".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!("bundle exec thin {}", options.join(" "))
}

buildpack_main!(ThinBuildpack);
