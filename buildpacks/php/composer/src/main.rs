//! stowage/composer: installs Composer for the build (Paketo's composer).
//!
//! Detect always passes and provides `composer`; it requires `composer` itself only when
//! `BP_COMPOSER_VERSION` is set (composer-install requires it otherwise). Build installs the
//! version asked for (default: the newest) in a build-only cached layer as `bin/composer`, on
//! `PATH` for the buildpacks after it, and checks that it runs with the build's PHP.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod composer_layer;
mod errors;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error};
use stowage_php::ComposerConstraint;

/// The Composer version constraint.
pub(crate) const VERSION: &str = "BP_COMPOSER_VERSION";

pub struct ComposerBuildpack;

impl Buildpack for ComposerBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let mut plan = BuildPlanBuilder::new().provides("composer");
        if let Some(version) = config.string(VERSION) {
            let mut composer = require("composer", true, false);
            composer.metadata.insert("version".into(), version.into());
            plan = plan.requires(composer);
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let dependency = select(
            &context.buildpack_descriptor.metadata,
            config.string(VERSION).as_deref(),
            &Target::from(&context.target),
            &mut output,
        )?;
        composer_layer::install(&context, dependency, &config, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// The entry for `BP_COMPOSER_VERSION`, else the default (`*`: the newest).
fn select<'a>(
    inventory: &'a Inventory,
    requested: Option<&str>,
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving Composer version");
    let text = if let Some(version) = requested {
        output.step(&format!("{VERSION} asks for \"{version}\""));
        version.to_string()
    } else {
        let default = inventory.default_version("composer").unwrap_or("*");
        output.step(&format!(
            "No version requested; using the default \"{default}\""
        ));
        default.to_string()
    };
    let attach = |error: Error| {
        if requested.is_some() {
            error.variable(VERSION)
        } else {
            error
        }
    };
    let constraint = ComposerConstraint::parse(&text).map_err(attach)?;
    let dependency = inventory
        .resolve_with_debug("composer", &constraint, target, output)
        .map_err(attach)?;
    output.step(&format!("Selected Composer {}", dependency.version));
    warn_if_deprecated(dependency, VERSION, output)?;
    Ok(dependency)
}

buildpack_main!(ComposerBuildpack);

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    fn inventory() -> Inventory {
        let mut text = String::from("[default-versions]\ncomposer = \"*\"\n");
        for version in ["2.9.9", "2.10.1", "2.10.2"] {
            let _ = write!(
                text,
                "[[dependencies]]\nid = \"composer\"\nname = \"composer\"\nversion = \"{version}\"\n\
                 uri = \"https://x/{version}/composer.phar\"\nchecksum = \"sha256:{}\"\nstacks = [\"*\"]\n",
                "a".repeat(64)
            );
        }
        toml::from_str(&text).expect("inventory")
    }

    fn selected(requested: Option<&str>) -> Result<String, Error> {
        let inventory = inventory();
        let (mut output, _) = stowage_kit::output::captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        Ok(select(&inventory, requested, &target, &mut output)?
            .version
            .to_string())
    }

    #[test]
    fn the_variable_else_the_newest() {
        assert_eq!(selected(None).expect("default"), "2.10.2");
        assert_eq!(selected(Some("~2.9.0")).expect("asked"), "2.9.9");
        assert_eq!(selected(Some("2.10.1")).expect("exact"), "2.10.1");
        let error = selected(Some("1.*")).expect_err("no 1.x");
        insta::assert_snapshot!(error.render());
    }
}
