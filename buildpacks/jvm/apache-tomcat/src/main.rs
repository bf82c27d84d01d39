//! stowage/apache-tomcat: runs a WAR in Apache Tomcat, as Paketo's apache-tomcat does.
//!
//! Detect passes unless `BP_JAVA_APP_SERVER` names another server, or the app's manifest has a
//! `Main-Class` and the app holds no `*.war`. It provides `jvm-application` and
//! `java-app-server` (and `jvm-application-package` when the app is an exploded WAR, with
//! `WEB-INF/`, or holds a WAR), and requires `jre` at launch and those entries.
//!
//! Build installs Tomcat from the inventory (`BP_TOMCAT_VERSION`, default `9.*`) into the
//! launch layer `tomcat` (`CATALINA_HOME`, kept while the artifact is unchanged), and writes the
//! launch layer `catalina-base` (`CATALINA_BASE`, see [`base`]) with the app under
//! `webapps/<BP_TOMCAT_CONTEXT_PATH>`. At launch the exec.d program `tomcat-launch` adds
//! `-Dport=$PORT` and the access log switch to `CATALINA_OPTS`. Processes `tomcat`, `task` and
//! `web` (the default) run `catalina.sh run`.
//!
//! Not done (Paketo does): Paketo's support jars (its access log valve, lifecycle listener and
//! logging handler; Tomcat's own `AccessLogValve` and `ConsoleHandler` stand in), several WARs.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod app;
mod base;
mod conf;
mod context_path;
mod errors;
mod explode;
mod ext_conf;
mod processes;
mod tomcat;

use app::WebApp;
use errors::{APP_SERVER, CONTEXT_PATH};
use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::{BuildPlanBuilder, Require};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::inventory::Inventory;
use stowage_kit::output::Output;
use stowage_kit::{Error, error, web_process};

pub struct ApacheTomcatBuildpack;

impl Buildpack for ApacheTomcatBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        match config.string(APP_SERVER).as_deref().map(str::trim) {
            None | Some("" | "tomcat") => {}
            // Paketo's other servers: theirs to run, not an error.
            Some("tomee" | "liberty") => return DetectResultBuilder::fail().build(),
            Some(other) => return Err(errors::unknown_app_server(other).into()),
        }
        let app = &context.app_dir;
        let wars = app::wars(app);
        if app::has_main_class(app) && wars.is_empty() {
            return DetectResultBuilder::fail().build();
        }
        let mut jre = Require::new("jre");
        jre.metadata.insert("launch".to_string(), true.into());
        let mut plan = BuildPlanBuilder::new()
            .provides("jvm-application")
            .provides("java-app-server");
        if app::is_exploded(app) || !wars.is_empty() {
            plan = plan.provides("jvm-application-package");
        }
        plan = plan
            .requires(jre)
            .requires("jvm-application-package")
            .requires("jvm-application")
            .requires("java-app-server");
        let id = context.buildpack_descriptor.buildpack.id.as_str();
        plan = web_process::claim(plan, id)?;
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let web_app = app::find(&context.app_dir)?;
        let webapp_name = context_path::webapp_name(config.string(CONTEXT_PATH).as_deref())?;
        output.section("Finding the web application");
        match &web_app {
            WebApp::Exploded => output.step("The app is an exploded WAR (it has WEB-INF/)"),
            WebApp::War(war) => output.step(&format!("The app's WAR: {}", war.display())),
            WebApp::None => {
                output.step(
                    "The app has neither WEB-INF/ nor a *.war file: nothing for Tomcat to run",
                );
                return BuildResultBuilder::new().build();
            }
        }
        output.step(&format!(
            "Context path {} (webapps/{webapp_name}{})",
            context_path::shown(&webapp_name),
            if config.string(CONTEXT_PATH).is_some() {
                format!(", from {CONTEXT_PATH}")
            } else {
                String::new()
            }
        ));

        let home = tomcat::install(&context, &config, &mut output)?;
        tomcat::write_base(
            &context,
            &config,
            &home,
            &web_app,
            &webapp_name,
            &mut output,
        )?;

        output.section("Assigning launch processes");
        let command = processes::command(&home);
        output.step(&format!(
            "tomcat, task, web (default): {}",
            command.join(" ")
        ));
        web_process::settle(&context, &mut output)?;
        BuildResultBuilder::new()
            .launch(processes::launch(&command))
            .build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(ApacheTomcatBuildpack);
