//! stowage/dist-zip: runs a JVM app laid out as a distribution (Gradle's `distZip` or
//! `installDist`, Maven's appassembler), as Paketo's dist-zip does.
//!
//! Detect always passes: it provides `jvm-application`, and `jvm-application-package` when
//! exactly one start script matches `BP_APPLICATION_SCRIPT` (default `*/bin/*`, `.bat` left
//! out); it requires `jre` at launch, `jvm-application-package` and `jvm-application`. Build
//! finds the script again (after a build tool ran), makes it executable, and declares
//! `dist-zip`, `task` and `web` (the default) running it. `BP_LIVE_RELOAD_ENABLED` (Paketo's
//! watchexec `reload` process) is not supported.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod script;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::{BuildPlanBuilder, Require};

use libcnb::data::process_type;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use std::os::unix::fs::PermissionsExt;
use stowage_jvm::launch_processes;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::{Error, error, web_process};

pub struct DistZipBuildpack;

impl Buildpack for DistZipBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let one = script::candidates(&context.app_dir, &script::pattern(&config)).len() == 1;
        let mut jre = Require::new("jre");
        jre.metadata.insert("launch".to_string(), true.into());
        let mut plan = BuildPlanBuilder::new().provides("jvm-application");
        if one {
            plan = plan.provides("jvm-application-package");
        }
        plan = plan
            .requires(jre)
            .requires("jvm-application-package")
            .requires("jvm-application");
        if one {
            let id = context.buildpack_descriptor.buildpack.id.as_str();
            plan = web_process::claim(plan, id)?;
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let pattern = script::pattern(&config);
        output.section("Finding the start script");
        output.step(&format!("Pattern: {pattern}"));
        // The group's other members (a WAR on Tomcat, a jar) may be the app: without a script
        // and without BP_APPLICATION_SCRIPT, this is not a distribution, as Paketo's skips it.
        if config.string(errors::SCRIPT).is_none()
            && script::candidates(&context.app_dir, &pattern).is_empty()
        {
            output.step("No start script: not a distribution, nothing to add");
            return BuildResultBuilder::new().build();
        }
        let found = script::find(&context.app_dir, &pattern)?;
        let path = context.app_dir.join(&found);
        let mode = std::fs::metadata(&path)
            .map(|metadata| metadata.permissions().mode())
            .map_err(|error| errors::not_executable(&found, &error))?;
        if mode & 0o111 == 0o111 {
            output.step(&format!("{}", found.display()));
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode | 0o755))
                .map_err(|error| errors::not_executable(&found, &error))?;
            output.step(&format!("{}: made executable", found.display()));
        }

        output.section("Assigning launch processes");
        output.step(&format!(
            "dist-zip, task, web (default): {}",
            found.display()
        ));
        let command = path.to_string_lossy().into_owned();
        web_process::settle(&context, &mut output)?;
        BuildResultBuilder::new()
            .launch(launch_processes::launch(
                process_type!("dist-zip"),
                &[command],
            ))
            .build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(DistZipBuildpack);
