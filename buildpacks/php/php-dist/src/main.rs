//! stowage/php-dist: installs PHP and its configuration (Paketo's php-dist).
//!
//! Detect always passes and provides `php`; it requires `php` itself only when
//! `BP_PHP_VERSION` is set (a server buildpack requires it otherwise). Build resolves the
//! version (`BP_PHP_VERSION` > `composer.lock` > `composer.json` > default), installs it in a
//! cached layer with SBOMs, writes php.ini (production defaults) and buildpack.ini
//! (`include_path`, `extension_dir`) in a layer of their own, enables the extensions composer.json
//! asks for, and fails when the app asks for an extension the distribution does not ship.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod extensions;
mod ini;
mod ini_layer;
mod php_layer;
mod version;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::{BuildPlanBuilder, Require};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::inventory::{Inventory, Target};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_php::{ComposerJson, ComposerLock, PhpSettings, composer_json_path};

pub struct PhpDistBuildpack;

impl Buildpack for PhpDistBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let mut plan = BuildPlanBuilder::new().provides("php");
        if let Some(version) = config.string(stowage_php::VERSION) {
            let mut require = Require::new("php");
            require.metadata.insert("version".into(), version.into());
            require
                .metadata
                .insert("version-source".into(), stowage_php::VERSION.into());
            plan = plan.requires(require);
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let settings = PhpSettings::read(&config);
        let json_path = composer_json_path(&context.app_dir, &config);
        let json = ComposerJson::read(&json_path)?;
        let lock = ComposerLock::read_beside(&json_path)?;

        let request = version::request(&config, json.as_ref(), lock.as_ref(), &json_path);
        let dependency = version::select(
            &context.buildpack_descriptor.metadata,
            request.as_ref(),
            &Target::from(&context.target),
            &mut output,
        )?;
        let launch = plan_launch(&context);
        let installed = php_layer::install(&context, dependency, launch, &config, &mut output)?;

        output.section("Extensions");
        let available = extensions::Available::of(&installed)?;
        let mut asked = extensions::from_composer(json.as_ref(), lock.as_ref(), &json_path);
        asked.extend(extensions::from_ini_dir(
            &context.app_dir.join(".php.ini.d"),
        )?);
        let to_enable = extensions::check(&asked, &available, &mut output)?;

        ini_layer::write(
            &context,
            &installed,
            &ini::Inputs {
                app: &context.app_dir,
                lib_dir: &settings.lib_dir,
                enable: &to_enable,
            },
            launch,
            &mut output,
        )?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// Whether any `php` plan entry asks for it at launch (a server buildpack does).
fn plan_launch(context: &BuildContext<PhpDistBuildpack>) -> bool {
    let php = context.buildpack_plan.entries.iter();
    stowage_kit::require::any_asks(php.filter(|entry| entry.name == "php"), "launch")
}

buildpack_main!(PhpDistBuildpack);
