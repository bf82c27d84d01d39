//! stowage/dotnet-publish: `dotnet publish` of the app's project (Paketo's dotnet-publish).
//!
//! Detect passes when `<app>/<BP_DOTNET_PROJECT_PATH>` has a `*.csproj`, else `*.fsproj`,
//! else `*.vbproj`; it provides `dotnet-application` and requires the SDK of the project's
//! runtime line (`M.m.*`) and ICU at build. Build runs `dotnet publish` (see `flags`) with
//! `NUGET_PACKAGES` in the cache-only layer `nuget-cache`, writes a launch SBOM of the
//! packages in the published `*.deps.json`, and replaces the source with the published app.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod deps_json;
mod errors;
mod flags;
mod nuget_cache;
mod replace;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::sbom::SbomFormat;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::sbom::Sbom;
use libcnb::{Buildpack, Platform, buildpack_main};
use std::process::Command;
use stowage_dotnet::{PROJECT_PATH, PUBLISH_FLAGS, ProjectFile};
use stowage_kit::command::run_streamed;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::sbom::components::packages_cyclonedx_json;
use stowage_kit::{Error, error};

const DEBUG_ENABLED: &str = "BP_DEBUG_ENABLED";

pub struct DotnetPublishBuildpack;

impl Buildpack for DotnetPublishBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let project_dir = context
            .app_dir
            .join(config.string(PROJECT_PATH).unwrap_or_default());
        let Some(project) = ProjectFile::find(&project_dir, &context.app_dir)? else {
            return DetectResultBuilder::fail().build();
        };
        let name = project.name();
        let line = project
            .runtime_version
            .as_deref()
            .and_then(sdk_line)
            .ok_or_else(|| errors::no_target_framework(&name))?;
        let mut sdk = require("dotnet-sdk", true, false);
        sdk.metadata.insert("version".into(), line.into());
        sdk.metadata.insert("version-source".into(), name.into());
        let icu = require("icu", true, false);
        let plan = BuildPlanBuilder::new()
            .provides("dotnet-application")
            .requires(sdk)
            .requires(icu);
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let app = &context.app_dir;
        let project_path = config.string(PROJECT_PATH).unwrap_or_default();
        let project_dir = app.join(&project_path);
        if ProjectFile::locate(&project_dir).is_none() {
            return Err(errors::no_project_file(&project_path).into());
        }
        let nuget = nuget_cache::open(&context, &mut output)?;

        output.section("Publishing");
        let user: Vec<String> = match config.string(PUBLISH_FLAGS) {
            Some(text) => stowage_kit::words::split_words(&text)
                .map_err(|reason| errors::bad_flags(&reason))?
                .iter()
                .map(|word| flags::expand(word, &|name| std::env::var(name).ok()))
                .collect(),
            None => Vec::new(),
        };
        let scratch = tempfile::tempdir()
            .map_err(|error| errors::no_scratch(&std::env::temp_dir(), &error))?;
        let default_output = scratch.path().join("output");
        let arguments = flags::arguments(
            &project_dir,
            config.flag(DEBUG_ENABLED)?,
            &flags::runtime_identifier(&context.target.arch),
            &default_output,
            &user,
        );
        run_streamed(
            Command::new("dotnet")
                .args(&arguments)
                .current_dir(app)
                .env("NUGET_PACKAGES", &nuget),
            &mut output,
            errors::PUBLISH_FAILED,
            &errors::publish_failed_advice(),
        )?;
        let published = flags::output_dir(&user, app, &default_output);
        if !published.is_dir() {
            return Err(errors::no_output(&published).into());
        }

        let mut result = BuildResultBuilder::new();
        if config.sbom_enabled()? {
            let packages = deps_json::packages_in(&published)?;
            output.step(&format!(
                "SBOM: {} NuGet package{} in the published *.deps.json",
                packages.len(),
                if packages.len() == 1 { "" } else { "s" }
            ));
            result = result.launch_sbom(Sbom::from_bytes(
                SbomFormat::CycloneDxJson,
                packages_cyclonedx_json(&packages, stowage_kit::sbom::creation_time()?)?,
            ));
        }
        let entries = replace::replace_source(app, &published, scratch.path())?;
        output.step(&format!(
            "The app is now the published output ({entries} entries); the source is removed"
        ));
        result.build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// `M.m.*` of the project's runtime (`8.0.0`, `8.0.4`): the SDK line that builds it.
fn sdk_line(runtime: &str) -> Option<String> {
    let mut parts = runtime.trim().split('.');
    let (major, minor) = (parts.next()?, parts.next()?);
    (major.parse::<u64>().is_ok() && minor.parse::<u64>().is_ok())
        .then(|| format!("{major}.{minor}.*"))
}

buildpack_main!(DotnetPublishBuildpack);
