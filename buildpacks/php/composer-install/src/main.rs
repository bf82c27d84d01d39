//! stowage/composer-install: installs a PHP app's Composer packages (Paketo's
//! composer-install).
//!
//! Detect passes when the app has a `composer.json` (or the file `$COMPOSER` names); it
//! provides `composer-packages` and requires `composer` and `php` for the build. Build installs
//! the globals `BP_COMPOSER_INSTALL_GLOBAL` names into their own layer, runs
//! `composer check-platform-reqs`, then `composer install` into a cached layer that is kept
//! while composer.json, composer.lock, PHP and Composer are unchanged, and copies the packages
//! into the app's `vendor/`, with an SBOM of them.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod auth;
mod composer;
mod composer_ini;
mod errors;
mod global_layer;
mod packages_layer;
mod platform_reqs;
mod sbom;
mod settings;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::layer_name;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::package_cache::package_cache;
use stowage_kit::require::require;
use stowage_kit::{Error, error};
use stowage_php::composer_json_path;

pub struct ComposerInstallBuildpack;

impl Buildpack for ComposerInstallBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let json = composer_json_path(&context.app_dir, &config);
        if !json.is_file() {
            return DetectResultBuilder::fail().build();
        }
        let mut plan = BuildPlanBuilder::new().provides("composer-packages");
        for name in ["composer", "php"] {
            plan = plan.requires(require(name, true, false));
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let settings = settings::Settings::read(&context.app_dir, &config)?;
        let auth = auth::composer_auth(&config, &stowage_kit::platform::bindings()?, &mut output)?;
        output.section("Composer cache");
        let cache = package_cache(
            &context,
            &layer_name!("composer-cache"),
            "Composer cache",
            &mut output,
        )?;
        let scan_dir = composer_ini::scan_dir(&context)?;
        let mut composer = composer::Composer::new(context.platform.env(), auth, &cache, scan_dir);

        if !settings.global.is_empty() {
            global_layer::install(&context, &mut composer, &settings, &mut output)?;
        }
        let packages = packages_layer::install(&context, &composer, &settings, &mut output)?;
        let mut result = BuildResultBuilder::new();
        if let Some(sbom) = packages_layer::packages_sbom(&packages, &config)? {
            result = result.launch_sbom(sbom);
        }
        result.build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(ComposerInstallBuildpack);
