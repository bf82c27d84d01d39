//! stowage/dotnet-execute: starts a published .NET app (Paketo's dotnet-execute).
//!
//! Detect passes with a `*.runtimeconfig.json` or a project file (in `BP_DOTNET_PROJECT_PATH`)
//! and requires the runtime at launch when the runtimeconfig.json names a framework (a project
//! file needs `dotnet-application`, which dotnet-publish provides). Build picks the command:
//! `./App` for an executable or self-contained app, else `dotnet App.dll`, as the default
//! process named after the app, and adds the exec.d program that sets `ASPNETCORE_URLS` from
//! `$PORT` at launch unless the user set it.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod start;

use libcnb::additional_buildpack_binary_path;
use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::layer_name;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::layer::UncachedLayerDefinition;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_dotnet::{PROJECT_PATH, ProjectFile, RuntimeConfig};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error};

pub struct DotnetExecuteBuildpack;

impl Buildpack for DotnetExecuteBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let root = context
            .app_dir
            .join(config.string(PROJECT_PATH).unwrap_or_default());
        let runtime_config = RuntimeConfig::find_in_detect(&root);
        let project = ProjectFile::locate(&root);
        if runtime_config.is_none() && project.is_none() {
            return DetectResultBuilder::fail().build();
        }
        let launch = |name: &str| require(name, false, true);
        let mut plan = BuildPlanBuilder::new();
        if runtime_config.is_some_and(|config| config.framework.is_some()) || project.is_some() {
            plan = plan.requires(launch("dotnet-core-aspnet-runtime"));
        }
        if project.is_some() {
            plan = plan.requires(launch("dotnet-application"));
        }
        // As Paketo's: ICU for globalization at launch, always.
        plan = plan.requires(launch("icu"));
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("Start command");
        let config = Config::new(context.platform.env());
        let runtime_config = RuntimeConfig::find_for_build(
            &context.app_dir,
            &config.string(PROJECT_PATH).unwrap_or_default(),
        )?
        .ok_or_else(errors::no_runtime_config)?;
        let start = start::Start::of(runtime_config.dir(), &runtime_config)?;
        output.step(&format!(
            "{} ({}): {}",
            start.process,
            start.kind,
            start.command.join(" ")
        ));
        let layer = context.uncached_layer(
            layer_name!("port-chooser"),
            UncachedLayerDefinition {
                build: false,
                launch: true,
            },
        )?;
        layer.write_exec_d_programs([(
            "port-chooser",
            additional_buildpack_binary_path!("port-chooser"),
        )])?;
        output.step(
            "ASPNETCORE_URLS=http://0.0.0.0:$PORT at launch unless set (exec.d port-chooser)",
        );
        BuildResultBuilder::new().launch(start.launch()?).build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(DotnetExecuteBuildpack);
