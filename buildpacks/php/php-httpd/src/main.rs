//! stowage/php-httpd: httpd's configuration for a PHP app behind PHP-FPM (Paketo's
//! php-httpd).
//!
//! Detect passes for `BP_PHP_SERVER=httpd` and provides `php-httpd-config`. Build writes the
//! app's `httpd.conf` (the web folder, `*.php` to FPM's socket), which stowage/httpd, later
//! in the group, checks and runs; and `.php.fpm.bp/httpd-fpm.conf`, FPM's side.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod conf;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_php::{PhpSettings, WebServer};

pub struct PhpHttpdBuildpack;

impl Buildpack for PhpHttpdBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let settings = PhpSettings::read(&Config::new(context.platform.env()));
        if !WebServer::Httpd.chosen(&settings) {
            return DetectResultBuilder::fail().build();
        }
        let plan = BuildPlanBuilder::new().provides("php-httpd-config");
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let settings = PhpSettings::read(&config);
        let options = conf::Options::read(&config, &context.app_dir, &settings.web_dir)?;
        output.section("httpd configuration for PHP-FPM (BP_PHP_SERVER=httpd)");
        output.step(&format!("Document root: {}", options.root.display()));
        output.step(&format!("ServerAdmin: {}", options.server_admin));
        if options.https_redirect {
            output.step("Requests a proxy received over http are redirected to https://");
        }
        WebServer::Httpd.write_confs(
            &context.app_dir,
            &conf::httpd_conf(&options, &context.app_dir),
            "stowage/httpd checks and runs it",
            &mut output,
        )?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PhpHttpdBuildpack);
