//! stowage/maven: builds a JVM app with Maven (Paketo's maven buildpack).
//!
//! Detect passes when the app has a POM (`pom.xml`, or `BP_MAVEN_POM_FILE`) and is not an
//! exploded jar already; it provides `jvm-application-package` and `maven` and requires `jdk`
//! (from stowage/jvm) and `maven`. Build checks that the POM is well-formed XML, runs
//! `./mvnw` (or Apache Maven from the inventory, in a cached layer) with the settings of a
//! `maven` binding and `~/.m2` in a cache-only layer, then replaces the source with the one
//! built artifact, exploded, and writes its dependencies as the app's SBOM.
//! Not supported: mvnd (`BP_MAVEN_DAEMON_ENABLED`), `BP_INCLUDE_FILES`/`BP_EXCLUDE_FILES`,
//! `BP_JAVA_INSTALL_NODE`, and Paketo's skipping of a build whose source is unchanged.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod arguments;
mod artifact;
mod cache;
mod errors;
mod pom;
mod sbom;
mod settings;
mod tool;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::sbom::SbomFormat;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::sbom::Sbom;
use libcnb::{Buildpack, Platform, buildpack_main};
use std::path::PathBuf;
use std::process::Command;
use stowage_kit::config::Config;
use stowage_kit::inventory::Inventory;
use stowage_kit::output::Output;
use stowage_kit::sbom::components::packages_cyclonedx_json;
use stowage_kit::{Error, command, error, platform};

const JDK: &str = "jdk";
const MAVEN: &str = "maven";
const JVM_APPLICATION_PACKAGE: &str = "jvm-application-package";

pub struct MavenBuildpack;

fn pom_file(config: &Config) -> PathBuf {
    config
        .string(arguments::POM_FILE)
        .filter(|pom| !pom.trim().is_empty())
        .map_or_else(|| PathBuf::from("pom.xml"), |pom| PathBuf::from(pom.trim()))
}

impl Buildpack for MavenBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        // An exploded jar was built already, as Paketo's detect says.
        if context.app_dir.join("META-INF/MANIFEST.MF").exists()
            || !context.app_dir.join(pom_file(&config)).is_file()
        {
            return DetectResultBuilder::fail().build();
        }
        let plan = BuildPlanBuilder::new()
            .provides(JVM_APPLICATION_PACKAGE)
            .provides(MAVEN)
            .requires(JDK)
            .requires(MAVEN)
            .or()
            .provides(MAVEN)
            .requires(JDK)
            .build();
        DetectResultBuilder::pass().build_plan(plan).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let app = &context.app_dir;

        output.section("Checking the POM");
        let pom = pom_file(&config);
        let text = fs_err::read_to_string(app.join(&pom))
            .map_err(|error| errors::unreadable(&pom, &error))?;
        pom::check(&pom, &text)?;
        output.step(&format!("{} is well-formed XML", pom.display()));

        let settings = settings::find(&platform::bindings()?, &config)?;
        let tool = tool::select(&context, &config, &mut output)?;
        let m2 = cache::open(&context, &mut output)?;

        output.section("Building with Maven");
        match &settings.source {
            Some(source) => output.step(&format!("Settings: {source}")),
            None => output.step("Settings: Maven's defaults (no `maven` binding)"),
        }
        let arguments = arguments::arguments(&config, &settings, &m2.join("repository"))?;
        let mut maven = Command::new(&tool.program);
        maven
            .args(&arguments)
            .current_dir(app)
            // The wrapper keeps the Maven it downloads here too, so the cache holds it.
            .env("MAVEN_USER_HOME", &m2);
        command::run_streamed(
            &mut maven,
            &mut output,
            errors::BUILD_FAILED,
            &errors::build_failed_advice(),
        )
        .map_err(|error| {
            if tool.wrapper && error.header.ends_with("could not be started") {
                errors::mvnw_not_runnable(
                    std::path::Path::new("mvnw"),
                    &format!("Starting it failed: {}.", error.debug.unwrap_or_default()),
                )
            } else {
                error
            }
        })?;

        output.section("Replacing the source with the built artifact");
        let built = artifact::find(app, &config)?;
        output.step(&format!("Built artifact: {}", built.display()));
        let sbom = if config.sbom_enabled()? {
            let packages = sbom::packages(&app.join(&built))?;
            output.step(&format!(
                "SBOM: {} Maven {} found in the artifact",
                packages.len(),
                if packages.len() == 1 {
                    "dependency"
                } else {
                    "dependencies"
                }
            ));
            Some(Sbom::from_bytes(
                SbomFormat::CycloneDxJson,
                packages_cyclonedx_json(&packages, stowage_kit::sbom::creation_time()?)?,
            ))
        } else {
            None
        };
        let files = artifact::explode(app, &app.join(&built))?;
        output.step(&format!(
            "The app is now {} exploded ({files} files); the source is removed",
            built.display()
        ));

        let mut result = BuildResultBuilder::new();
        if let Some(sbom) = sbom {
            result = result.launch_sbom(sbom);
        }
        result.build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(MavenBuildpack);
