//! stowage/bundle-install: installs the app's gems with `bundle install` (Paketo's
//! bundle-install).
//!
//! Detect passes with a `Gemfile`, provides `gems` and requires `bundler` and `mri` while
//! building. Build fills `build-gems` (every group, for later build steps) and `launch-gems`
//! (without development and test, for the app) as the `gems` requirements ask, each kept
//! while Gemfile, Gemfile.lock and Ruby's major.minor are unchanged. A `bundle-config`
//! binding gives Bundler settings (credentials) for the install only.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod app_config;
mod build_files;
mod bundle;
mod config_binding;
mod errors;
mod gems_layer;
mod sbom;

use gems_layer::GemsLayer;
use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::platform;
use stowage_kit::require::{any_asks, require};
use stowage_kit::{Error, error};
use stowage_ruby::gemfile::GEMFILE;

pub struct BundleInstallBuildpack;

impl Buildpack for BundleInstallBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        if !context.app_dir.join(GEMFILE).is_file() {
            return DetectResultBuilder::fail().build();
        }
        let at_build = |name: &str| require(name, true, false);
        let plan = BuildPlanBuilder::new()
            .provides("gems")
            .requires(at_build("bundler"))
            .requires(at_build("mri"));
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let (build, launch) = gems_wanted(&context);
        let binding = config_binding::find(&platform::bindings()?)?;
        let bundle = bundle::Bundle::new(
            &context.app_dir,
            context.platform.env(),
            binding,
            &mut output,
        )?;
        let saved = app_config::AppConfig::read(&context.app_dir)?;
        let inputs = gems_layer::inputs(&context.app_dir, &bundle)?;
        let layers = [build.then(GemsLayer::build), launch.then(GemsLayer::launch)];
        let mut installed: Vec<gems_layer::Opened> = Vec::new();
        for layer in layers.into_iter().flatten() {
            let seed = installed.last().map(|build_gems| build_gems.path());
            let opened = gems_layer::install(
                &context,
                &layer,
                &inputs,
                &bundle,
                &saved,
                seed.as_deref(),
                &mut output,
            )?;
            installed.push(opened);
        }
        let sboms = sbom::sboms(&context.app_dir, &config)?;
        for layer in &installed {
            layer.write_sboms(&sboms)?;
        }
        app_config::AppConfig::remove_from_app(&context.app_dir)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// Whether the `gems` requirements ask for gems while building and at launch; one asking
/// for neither gets the app's gems at launch.
fn gems_wanted(context: &BuildContext<BundleInstallBuildpack>) -> (bool, bool) {
    let flag = |name: &str| {
        let gems = context.buildpack_plan.entries.iter();
        any_asks(gems.filter(|entry| entry.name == "gems"), name)
    };
    let (build, launch) = (flag("build"), flag("launch"));
    (build, launch || !build)
}

buildpack_main!(BundleInstallBuildpack);
