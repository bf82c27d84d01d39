//! stowage/httpd: installs Apache httpd and runs it as the app's web server (Paketo's httpd).
//!
//! Detect always provides `httpd` and requires it when the app has an `httpd.conf` or asks
//! for a generated one (`BP_WEB_SERVER=httpd`). Build installs the version `BP_HTTPD_VERSION`
//! asks for (or the newest), writes the generated configuration when asked (with basic
//! authentication from an `htpasswd` binding), checks the configuration with `httpd -t`, and
//! sets the `web` process: httpd in the foreground.

mod conf_check;
mod errors;
mod generated_conf;
mod httpd_layer;
mod process;
mod version;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::layer_name;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::{Buildpack, Platform, buildpack_main};
use std::path::PathBuf;
use stowage_kit::config::Config;
use stowage_kit::inventory::Target;
use stowage_kit::output::Output;
use stowage_kit::{Error, error, web_process};
use stowage_web_servers::Server;
use stowage_web_servers::errors::several_htpasswd_bindings;
use stowage_web_servers::htpasswd::{self, Htpasswd};
use stowage_web_servers::plan;
use stowage_web_servers::process as web_server_process;
use stowage_web_servers::settings::{StaticSite, generates};

/// The app's configuration, which `BP_WEB_SERVER=httpd` writes.
const CONF: &str = "httpd.conf";

pub struct HttpdBuildpack;

impl Buildpack for HttpdBuildpack {
    type Platform = GenericPlatform;
    type Metadata = version::Metadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let mut plan = BuildPlanBuilder::new().provides("httpd");
        if generates(&config, Server::Httpd) || context.app_dir.join(CONF).is_file() {
            plan = plan.requires(plan::require(&config, Server::Httpd, version::VERSION));
            let id = context.buildpack_descriptor.buildpack.id.as_str();
            plan = web_process::claim(plan, id)?;
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let conf = context.app_dir.join(CONF);
        // Settings and bindings are checked before anything is installed.
        let site = if generates(&config, Server::Httpd) {
            let site = StaticSite::read(&config)?;
            site.check_root(&context.app_dir, Server::Httpd)?;
            Some((
                site,
                htpasswd::find(&stowage_kit::platform::bindings()?, Server::Httpd)?,
            ))
        } else {
            None
        };

        let dependency = version::select(
            &context.buildpack_descriptor.metadata,
            &plan::requests(&context.buildpack_plan, Server::Httpd, version::VERSION),
            &Target::from(&context.target),
            &mut output,
        )?;
        let home = httpd_layer::install(&context, dependency, &config, &mut output)?;

        if let Some((site, found)) = site {
            output.section("Generating httpd.conf (BP_WEB_SERVER=httpd)");
            let auth_file = basic_auth(&context, found, &mut output)?;
            describe(&site, &mut output);
            let text = generated_conf::generate(&site, auth_file.as_deref());
            fs_err::write(&conf, text).map_err(|error| errors::conf_not_written(&conf, &error))?;
            output.step(&format!("Wrote {CONF}"));
        }

        if !conf.is_file() {
            output.step(&format!("No {CONF}: httpd is installed, no process is set"));
            return BuildResultBuilder::new().build();
        }
        output.section(&format!("Checking {CONF}"));
        conf_check::check(&home, &context.app_dir, &conf, &mut output)?;

        output.section("Assigning launch processes");
        let command = process::command(&home, &conf);
        output.step(&format!(
            "web (default): {}",
            web_server_process::shown(&command)
        ));
        web_process::settle(&context, &mut output)?;
        BuildResultBuilder::new()
            .launch(web_server_process::launch(command))
            .build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// Copies the one htpasswd binding's file into a launch layer; returns where it is. More than
/// one binding fails, as in Paketo's httpd.
fn basic_auth(
    context: &BuildContext<HttpdBuildpack>,
    found: Htpasswd,
    output: &mut Output,
) -> libcnb::Result<Option<PathBuf>, Error> {
    match found {
        Htpasswd::None => {
            output.step("No htpasswd binding: no basic authentication");
            Ok(None)
        }
        Htpasswd::One { binding, file } => {
            let layer = context.uncached_layer(
                layer_name!("auth"),
                UncachedLayerDefinition {
                    build: false,
                    launch: true,
                },
            )?;
            let to = layer.path().join(htpasswd::KEY);
            htpasswd::copy(&file, &to, Server::Httpd)?;
            output.step(&format!(
                "Basic authentication with the users of binding {binding}"
            ));
            Ok(Some(to))
        }
        Htpasswd::Several(names) => Err(several_htpasswd_bindings(Server::Httpd, &names).into()),
    }
}

fn describe(site: &StaticSite, output: &mut Output) {
    output.step(&format!("Root: {}", site.root_under("${APP_ROOT}")));
    if site.push_state {
        output.step("Push state: unknown paths answer with the root's index.html");
    }
    if site.force_https {
        output.step("Force HTTPS: plain HTTP requests are redirected to https://");
    }
}

buildpack_main!(HttpdBuildpack);
