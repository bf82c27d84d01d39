//! stowage/nginx: installs nginx and runs it as the app's web server (Paketo's nginx).
//!
//! Detect always provides `nginx` and requires it when the app has an nginx.conf
//! (`BP_NGINX_CONF_LOCATION`) or asks for a generated one (`BP_WEB_SERVER=nginx`). Build
//! installs the version `BP_NGINX_VERSION` (a constraint, `mainline` or `stable`) or the
//! default picks, writes the generated configuration when asked, checks the configuration's
//! templates and keeps them for the exec.d program that renders them at launch, and sets the
//! `web` process: nginx in the foreground.

// Unit tests see the dev-dependencies too; the exec.d program uses only some dependencies.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod conf_files;
mod conf_layer;
mod conf_test;
mod errors;
mod generated_conf;
mod nginx_layer;
mod process;
mod settings;
mod template;
mod version;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
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

pub struct NginxBuildpack;

impl Buildpack for NginxBuildpack {
    type Platform = GenericPlatform;
    type Metadata = version::Metadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let location = settings::Location::read(&context.app_dir, &config);
        let mut plan = BuildPlanBuilder::new().provides("nginx");
        if location.wanted() {
            plan = plan.requires(plan::require(&config, Server::Nginx, settings::VERSION));
            let id = context.buildpack_descriptor.buildpack.id.as_str();
            plan = web_process::claim(plan, id)?;
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let location = settings::Location::read(&context.app_dir, &config);
        // Checked first, in any mode, as Paketo does.
        settings::include_file(&context.app_dir, &config)?;
        let generated = if location.generate {
            Some(settings::Generated::read(&context.app_dir, &config)?)
        } else {
            None
        };

        let plan = version::NginxPlan::from(&context.buildpack_plan);
        let dependency = version::select(
            &context.buildpack_descriptor.metadata,
            &plan,
            &Target::from(&context.target),
            &mut output,
        )?;
        let home = nginx_layer::install(&context, &plan, dependency, &config, &mut output)?;

        let mut htpasswd = None;
        if let Some(generated) = &generated {
            output.section("Generating nginx.conf (BP_WEB_SERVER=nginx)");
            htpasswd = basic_auth(&mut output)?;
            let auth_file = htpasswd
                .as_ref()
                .map(|_| conf_layer::htpasswd_path(&context.layers_dir));
            describe(generated, &mut output);
            let text = generated_conf::generate(generated, auth_file.as_deref());
            if let Some(parent) = location.conf.parent() {
                fs_err::create_dir_all(parent)
                    .map_err(|error| errors::conf_not_written(&location.conf, &error))?;
            }
            fs_err::write(&location.conf, text)
                .map_err(|error| errors::conf_not_written(&location.conf, &error))?;
            output.step(&format!(
                "Wrote {}",
                shown(&context.app_dir, &location.conf)
            ));
            launch_defaults(&context)?;
        }

        if !location.conf.is_file() {
            output.step(&format!(
                "No {}: nginx is installed, no process is set",
                shown(&context.app_dir, &location.conf)
            ));
            return BuildResultBuilder::new().build();
        }
        output.section("Configuration templates");
        let templates = conf_files::find(&context.app_dir, &location.conf)?;
        let rendered =
            conf_test::render(&home, &context.app_dir, &templates, context.platform.env())?;
        for file in &templates {
            output.step(&format!("{}: rendered at launch", file.display()));
        }
        let main_text = fs_err::read_to_string(&location.conf)
            .map_err(|error| errors::unreadable_conf(&location.conf, &error))?;
        let directives = conf_files::main_directives(&main_text);
        conf_test::check(
            &rendered,
            &home,
            &context.app_dir,
            &location.conf,
            &directives,
            &mut output,
        )?;
        conf_layer::write(
            &context,
            &conf_layer::Configuration {
                templates: &templates,
                htpasswd: htpasswd.as_deref(),
            },
        )?;

        output.section("Assigning launch processes");
        let command = process::command(&context.app_dir, &location.conf, &directives);
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

/// The `.htpasswd` of the one htpasswd binding, if there is exactly one.
fn basic_auth(output: &mut Output) -> Result<Option<PathBuf>, Error> {
    let bindings = stowage_kit::platform::bindings()?;
    match htpasswd::find(&bindings, Server::Nginx)? {
        Htpasswd::None => {
            output.step("No htpasswd binding: no basic authentication");
            Ok(None)
        }
        Htpasswd::One { binding, file } => {
            output.step(&format!(
                "Basic authentication with the users of binding {binding}"
            ));
            Ok(Some(file))
        }
        Htpasswd::Several(names) => {
            output.warning(&several_htpasswd_bindings(Server::Nginx, &names));
            Ok(None)
        }
    }
}

fn describe(generated: &settings::Generated, output: &mut Output) {
    output.step(&format!("Root: {}", generated.root));
    output.step(&format!("Location: {}", generated.location_path));
    if generated.push_state {
        output.step("Push state: unknown paths answer with the root's index.html");
    }
    if generated.force_https {
        output.step("Force HTTPS: plain HTTP requests are redirected to https://");
    }
    if let Some(file) = &generated.include_file {
        output.step(&format!("Includes {}", file.display()));
    }
    if let Some(port) = generated.stub_status_port {
        output.step(&format!("Status page: /stub_status on port {port}"));
    }
}

/// Launch defaults of a generated configuration: the app's root, and a port when the
/// platform sets none.
fn launch_defaults(context: &BuildContext<NginxBuildpack>) -> libcnb::Result<(), Error> {
    let layer = context.uncached_layer(
        libcnb::data::layer_name!("web-server-env"),
        libcnb::layer::UncachedLayerDefinition {
            build: false,
            launch: true,
        },
    )?;
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Default,
                "APP_ROOT",
                &context.app_dir,
            )
            .chainable_insert(Scope::Launch, ModificationBehavior::Default, "PORT", "8080"),
    )
}

fn shown(app: &std::path::Path, file: &std::path::Path) -> String {
    file.strip_prefix(app).unwrap_or(file).display().to_string()
}

buildpack_main!(NginxBuildpack);
