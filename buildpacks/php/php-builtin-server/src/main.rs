//! stowage/php-builtin-server: runs a PHP app on PHP's built-in web server (Paketo's
//! php-builtin-server).
//!
//! Detect passes when the app or its web folder (`BP_PHP_WEB_DIR`, `htdocs`) has a `*.php`
//! file and `BP_PHP_SERVER` is unset or `php-server`; it requires `php` at launch, and
//! `composer-packages` (stowage/composer-install) when the app has a composer.json. Build sets
//! the `web` process: `php -S 0.0.0.0:$PORT -t <web folder>`.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod process;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error, web_process};
use stowage_php::{PhpSettings, composer_json_path};

pub struct PhpBuiltinServerBuildpack;

impl Buildpack for PhpBuiltinServerBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let settings = PhpSettings::read(&config);
        if !settings.builtin_server() {
            return DetectResultBuilder::fail().build();
        }
        if !process::has_php_files(&context.app_dir)
            && !process::has_php_files(&context.app_dir.join(&settings.web_dir))
        {
            return DetectResultBuilder::fail().build();
        }
        let mut plan = BuildPlanBuilder::new();
        let json = composer_json_path(&context.app_dir, &config);
        // As Paketo's: with a composer.json, the app's Composer packages are part of it.
        let needs: &[&str] = if json.is_file() {
            &["php", "composer-packages"]
        } else {
            &["php"]
        };
        for name in needs {
            plan = plan.requires(require(name, false, true));
        }
        let id = context.buildpack_descriptor.buildpack.id.as_str();
        let plan = web_process::claim(plan, id)?;
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let settings = PhpSettings::read(&Config::new(context.platform.env()));
        output.section("Assigning launch processes");
        let root = process::document_root(&context.app_dir, &settings.web_dir);
        let command = process::command(&root);
        output.step(&format!("Document root: {}", root.display()));
        output.step(&format!("web (default): {}", command[2]));
        web_process::settle(&context, &mut output)?;
        BuildResultBuilder::new()
            .launch(process::launch(command))
            .build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PhpBuiltinServerBuildpack);
