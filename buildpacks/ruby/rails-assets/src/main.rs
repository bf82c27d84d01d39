//! stowage/rails-assets: precompiles a Rails app's assets (Paketo's rails-assets).
//!
//! Detect passes when the app has asset sources (`app/assets`, `lib/assets`, `vendor/assets`
//! or `app/javascript`) and a Gemfile line names `rails`; it requires `mri`, `bundler` and
//! `gems` while building, and `node` and `node_modules` too when the app has a `yarn.lock`.
//! Build runs `bundle exec rails assets:precompile assets:clean` into a launch layer the
//! app's `public/assets` and `public/packs` link to, kept while the sources are unchanged.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod assets;
mod errors;
mod paths;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use regex::Regex;
use std::path::Path;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error};
use stowage_ruby::gemfile::GEMFILE;

pub struct RailsAssetsBuildpack;

impl Buildpack for RailsAssetsBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let app = &context.app_dir;
        let has_sources = paths::SOURCES
            .iter()
            .any(|folder| app.join(folder).is_dir());
        if !has_sources || !names_rails(app) {
            return DetectResultBuilder::fail().build();
        }
        let mut needs = vec!["mri", "bundler", "gems"];
        // Webpacker's assets compile with Node and the packages yarn installed.
        if app.join("yarn.lock").is_file() {
            needs.extend(["node", "node_modules"]);
        }
        let plan = needs
            .into_iter()
            .fold(BuildPlanBuilder::new(), |plan, name| {
                plan.requires(require(name, true, false))
            });
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("Rails assets");
        let config = Config::new(context.platform.env());
        let paths = paths::AssetPaths::from_config(&config)?;
        let rails_env = config.string("RAILS_ENV").unwrap_or_else(|| {
            output.step("RAILS_ENV=production while compiling (set RAILS_ENV to change it)");
            "production".to_string()
        });
        let mut extra_env = Vec::new();
        if config.string("SECRET_KEY_BASE").is_none() {
            output.step("SECRET_KEY_BASE is a placeholder while compiling: the app sets its own");
            extra_env.push(("SECRET_KEY_BASE", "dummy".to_string()));
        }
        let compile = assets::Compile {
            rails_env,
            extra_env,
        };
        assets::contribute(&context, &paths, &compile, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// A Gemfile line names rails (`gem 'rails'`), anywhere in the line, as Paketo's detect reads it.
fn names_rails(app: &Path) -> bool {
    let Ok(gemfile) = fs_err::read_to_string(app.join(GEMFILE)) else {
        return false;
    };
    Regex::new(r#"gem\s+['"]rails['"]"#).is_ok_and(|pattern| pattern.is_match(&gemfile))
}

buildpack_main!(RailsAssetsBuildpack);
