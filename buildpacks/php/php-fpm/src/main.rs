//! stowage/php-fpm: configures PHP-FPM (Paketo's php-fpm).
//!
//! Detect always passes, provides `php-fpm` and requires `php` for the build and launch.
//! Build writes the pool configuration into the `php-fpm-config` layer and points
//! `PHP_FPM_PATH` at it; php-start runs FPM with it.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod config;
mod errors;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::layer_name;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use libcnb::{Buildpack, buildpack_main};
use std::path::PathBuf;
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error};

pub struct PhpFpmBuildpack;

impl Buildpack for PhpFpmBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, _context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let plan = BuildPlanBuilder::new()
            .provides("php-fpm")
            .requires(require("php", true, true));
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("PHP-FPM configuration");
        let layer = context.uncached_layer(
            layer_name!("php-fpm-config"),
            UncachedLayerDefinition {
                build: true,
                launch: true,
            },
        )?;
        let www_default = std::env::var_os("PHP_HOME")
            .map(|home| PathBuf::from(home).join(config::WWW_DEFAULT))
            .filter(|file| file.is_file());
        let files = config::Files::new(&layer.path(), &context.app_dir, www_default);
        files.write()?;
        for include in files.includes() {
            output.step(&format!("Includes {include}"));
        }
        output.step(&format!(
            "Pool `www` listens on {}; the app's .php.fpm.d/*.conf come last and win",
            config::SOCKET
        ));
        layer.write_env(LayerEnv::new().chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            config::PATH_VAR,
            &files.base,
        ))?;
        output.step(&format!("{}={}", config::PATH_VAR, files.base.display()));
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PhpFpmBuildpack);
