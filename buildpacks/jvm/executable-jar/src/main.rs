//! stowage/executable-jar: runs a JVM app whose manifest names a `Main-Class`.
//!
//! Detect always passes, as Paketo's does: it provides `jvm-application` and, when the app is
//! an exploded jar or holds a jar with a `Main-Class`, `jvm-application-package`; it requires
//! `jre` at launch, `jvm-application` and `jvm-application-package` (so without a jar it needs
//! a build tool's buildpack to make one). Build finds the jar again, after any build tool ran,
//! and declares `executable-jar`, `task` and `web` (the default): `java -jar <jar>`, or
//! `java <Main-Class>` with the `classpath` layer for an exploded jar. It installs nothing.
//! `BP_LIVE_RELOAD_ENABLED` (Paketo's watchexec `reload` process) is not supported.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod classpath;
mod errors;
mod jar;
mod processes;

use jar::{Executable, LOCATION};
use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::{BuildPlanBuilder, Require};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::{Error, error, web_process};

const JVM_APPLICATION: &str = "jvm-application";
const JVM_APPLICATION_PACKAGE: &str = "jvm-application-package";

pub struct ExecutableJarBuildpack;

impl Buildpack for ExecutableJarBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        // A jar or manifest that cannot be read counts as found, so that build reports it
        // (once) instead of the app detecting as nothing.
        let executable = jar::find(&context.app_dir, config.string(LOCATION).as_deref())
            .map_or(true, |found| found.is_some());
        let mut jre = Require::new("jre");
        jre.metadata.insert("launch".to_string(), true.into());
        let mut plan = BuildPlanBuilder::new().provides(JVM_APPLICATION);
        if executable {
            plan = plan.provides(JVM_APPLICATION_PACKAGE);
        }
        plan = plan
            .requires(jre)
            .requires(JVM_APPLICATION_PACKAGE)
            .requires(JVM_APPLICATION);
        if executable {
            let id = context.buildpack_descriptor.buildpack.id.as_str();
            plan = web_process::claim(plan, id)?;
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let location = config.string(LOCATION);

        output.section("Finding the executable jar");
        if let Some(pattern) = &location {
            output.step(&format!("{LOCATION}: {pattern}"));
        }
        let Some(executable) = jar::find(&context.app_dir, location.as_deref())? else {
            output.step("No jar in the app has a Main-Class in its manifest: no processes to add");
            return BuildResultBuilder::new().build();
        };
        let manifest = executable.manifest();
        match &executable {
            Executable::Exploded { .. } => output.step(&format!(
                "The app is an exploded jar: {} names Main-Class {}",
                jar::MANIFEST,
                executable.main_class()
            )),
            Executable::Jar { path, .. } => output.step(&format!(
                "{}: Main-Class {}",
                path.display(),
                executable.main_class()
            )),
        }

        if matches!(executable, Executable::Exploded { .. }) {
            let class_path = manifest.class_path();
            output.section("Setting the class path (layer classpath)");
            let mut shown = vec!["the app".to_string()];
            shown.extend(class_path.iter().map(ToString::to_string));
            output.step(&format!("{}: {}", classpath::CLASSPATH, shown.join(", ")));
            classpath::write(&context, &classpath::entries(&context.app_dir, &class_path))?;
        }

        output.section("Assigning launch processes");
        output.step(&format!(
            "executable-jar, task, web (default): {}",
            processes::shown(&executable)
        ));
        let launch = processes::launch(&processes::command(&executable, &context.app_dir));
        web_process::settle(&context, &mut output)?;
        BuildResultBuilder::new().launch(launch).build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(ExecutableJarBuildpack);
