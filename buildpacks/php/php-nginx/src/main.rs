//! stowage/php-nginx: nginx's configuration for a PHP app behind PHP-FPM (Paketo's
//! php-nginx).
//!
//! Detect passes for `BP_PHP_SERVER=nginx` and provides `php-nginx-config`. Build writes the
//! app's `nginx.conf` (static files from the web folder, `*.php` to FPM's socket), which
//! stowage/nginx, later in the group, checks, renders at launch and runs; and
//! `.php.fpm.bp/nginx-fpm.conf`, FPM's side.

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

pub struct PhpNginxBuildpack;

impl Buildpack for PhpNginxBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let settings = PhpSettings::read(&Config::new(context.platform.env()));
        if !WebServer::Nginx.chosen(&settings) {
            return DetectResultBuilder::fail().build();
        }
        let plan = BuildPlanBuilder::new().provides("php-nginx-config");
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let settings = PhpSettings::read(&config);
        let options = conf::Options::read(&config, &context.app_dir, &settings.web_dir)?;
        output.section("nginx configuration for PHP-FPM (BP_PHP_SERVER=nginx)");
        output.step(&format!("Document root: {}", options.root.display()));
        if options.https {
            output.step("Listens with ssl (BP_PHP_NGINX_ENABLE_HTTPS); certificates come from .nginx.conf.d/*-server.conf");
        }
        if options.https_redirect {
            output.step("Requests with X-Forwarded-Proto: http are redirected to https://");
        }
        WebServer::Nginx.write_confs(
            &context.app_dir,
            &conf::nginx_conf(&options, &context.app_dir),
            "stowage/nginx renders it at launch",
            &mut output,
        )?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PhpNginxBuildpack);
