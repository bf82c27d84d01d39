//! stowage/environment-variables: launch environment variables from `BPE_*` build variables.
//!
//! Detect passes when any `BPE_*` variable is set. Build writes them into a launch layer's env
//! files (`BPE_<NAME>`, `BPE_OVERRIDE_`, `BPE_DEFAULT_`, `BPE_APPEND_`, `BPE_PREPEND_`,
//! `BPE_DELIM_<NAME>`) and logs each by name; values only as debug lines (`BP_LOG_LEVEL=DEBUG`),
//! still hidden when the name suggests a secret.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod display;
mod errors;
mod launch_env;
mod variables;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::output::{LOG_LEVEL, Output};
use stowage_kit::{Error, error};

pub struct EnvironmentVariablesBuildpack;

impl Buildpack for EnvironmentVariablesBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        if variables::any(context.platform.env()) {
            DetectResultBuilder::pass().build()
        } else {
            DetectResultBuilder::fail().build()
        }
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let settings = variables::settings(context.platform.env())?;
        output.section("Setting launch environment variables");
        for setting in &settings {
            output.step(&display::describe(setting));
            if variables::lacks_delimiter(setting, &settings) {
                output.detail(&format!(
                    "joined without a delimiter; set BPE_DELIM_{} to add one",
                    setting.name
                ));
            }
            output.debug(&display::value(setting));
        }
        if !output.debugging() {
            output.step(&format!(
                "Values are not shown; {LOG_LEVEL}=DEBUG shows them (secret-looking names stay masked)"
            ));
        }
        for warning in variables::unused_delimiters(&settings) {
            output.warning(&warning);
        }
        launch_env::write(&context, &settings)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(EnvironmentVariablesBuildpack);
