//! stowage/gradle: builds a JVM app with Gradle (Paketo's gradle buildpack).
//!
//! Detect passes when the app has `BP_GRADLE_BUILD_FILE`, or else `build.gradle(.kts)` or
//! `settings.gradle(.kts)`; it provides `jvm-application-package` and `gradle` and requires
//! `jdk` (from stowage/jvm) and `gradle`. Build runs `./gradlew` (or Gradle from the
//! inventory, in a cached layer) with `GRADLE_USER_HOME` in the cache-only layer `cache`, the
//! `gradle` and `gradle-wrapper` bindings' files in place, then replaces the source with the
//! one built artifact, exploded.
//! Not supported: `BP_INCLUDE_FILES`/`BP_EXCLUDE_FILES`, `BP_JAVA_INSTALL_NODE`,
//! `BP_NODE_PROJECT_PATH`, and Paketo's skipping of a build whose source is unchanged.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod arguments;
mod artifact;
mod bindings;
mod cache;
mod errors;
mod tool;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use std::process::Command;
use stowage_kit::config::Config;
use stowage_kit::inventory::Inventory;
use stowage_kit::output::Output;
use stowage_kit::{Error, command, error, platform};

const BUILD_FILE: &str = "BP_GRADLE_BUILD_FILE";
const BUILD_FILES: [&str; 4] = [
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
];

pub struct GradleBuildpack;

impl Buildpack for GradleBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let app = &context.app_dir;
        let found = match config
            .string(BUILD_FILE)
            .filter(|file| !file.trim().is_empty())
        {
            Some(file) => app.join(file.trim()).is_file(),
            None => BUILD_FILES.iter().any(|file| app.join(file).is_file()),
        };
        if !found {
            return DetectResultBuilder::fail().build();
        }
        let plan = BuildPlanBuilder::new()
            .provides("jvm-application-package")
            .provides("gradle")
            .requires("jdk")
            .requires("gradle")
            .or()
            .provides("gradle")
            .requires("jdk")
            .build();
        DetectResultBuilder::pass().build_plan(plan).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let app = &context.app_dir;

        let arguments = arguments::arguments(&config)?;
        let program = tool::select(&context, &config, &mut output)?;
        let user_home = cache::open(&context, &mut output)?;

        output.section("Building with Gradle");
        bindings::apply(&platform::bindings()?, app, &user_home, &mut output)?;
        let mut gradle = Command::new(&program);
        gradle
            .args(&arguments)
            .current_dir(app)
            .env("GRADLE_USER_HOME", &user_home);
        command::run_streamed(
            &mut gradle,
            &mut output,
            errors::BUILD_FAILED,
            &errors::build_failed_advice(),
        )?;

        output.section("Replacing the source with the built artifact");
        let pattern = artifact::pattern(&config);
        let built = artifact::find(app, &pattern)?;
        output.step(&format!(
            "Built artifact: {} (matching {pattern})",
            built.display()
        ));
        let files = artifact::explode(app, &built)?;
        output.step(&format!(
            "The app is now {} exploded ({files} files); the source is removed",
            built.display()
        ));
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(GradleBuildpack);
