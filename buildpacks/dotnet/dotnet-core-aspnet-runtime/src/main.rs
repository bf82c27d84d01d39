//! stowage/dotnet-core-aspnet-runtime: the .NET runtime an app runs on (Paketo's
//! dotnet-core-aspnet-runtime; one dependency carries both shared frameworks).
//!
//! Detect always passes and provides `dotnet-core-aspnet-runtime`; it requires it itself only
//! when `BP_DOTNET_RUNTIME_VERSION` or `BP_DOTNET_FRAMEWORK_VERSION` is set (dotnet-execute
//! requires it otherwise). Build resolves the version (`BP_DOTNET_RUNTIME_VERSION` >
//! `BP_DOTNET_FRAMEWORK_VERSION` > `*.runtimeconfig.json` > the project file), rolled forward
//! unless `BP_DOTNET_ROLL_FORWARD=Disable`, installs it in a launch layer with `DOTNET_ROOT`
//! and checks it has the framework the app names.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod runtime_layer;
mod version;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::{BuildPlanBuilder, Require};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_dotnet::{ProjectFile, RuntimeConfig};
use stowage_kit::config::Config;
use stowage_kit::inventory::{Inventory, Target};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};

pub(crate) const PROVIDES: &str = "dotnet-core-aspnet-runtime";

pub struct AspnetRuntimeBuildpack;

impl Buildpack for AspnetRuntimeBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let mut plan = BuildPlanBuilder::new().provides(PROVIDES);
        if let Some((name, version)) = version::from_variables(&config) {
            let mut require = Require::new(PROVIDES);
            require.metadata.insert("version".into(), version.into());
            require
                .metadata
                .insert("version-source".into(), name.into());
            plan = plan.requires(require);
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let project_path = config
            .string(stowage_dotnet::PROJECT_PATH)
            .unwrap_or_default();
        let runtime_config = RuntimeConfig::find_for_build(&context.app_dir, &project_path)?;
        let project_dir = context.app_dir.join(&project_path);
        let project = match &runtime_config {
            Some(_) => None,
            None => ProjectFile::find(&project_dir, &context.app_dir)?,
        };
        let Some(request) = version::request(&config, runtime_config.as_ref(), project.as_ref())
        else {
            output.section("Resolving the .NET runtime");
            output.step("The app is self-contained (its runtimeconfig.json names no framework): no runtime to install");
            return BuildResultBuilder::new().build();
        };
        let dependency = version::select(
            &context.buildpack_descriptor.metadata,
            &request,
            &Target::from(&context.target),
            &mut output,
        )?;
        runtime_layer::install(
            &context,
            dependency,
            runtime_config.as_ref().and_then(|c| c.framework.as_ref()),
            plan_flag(&context, "build"),
            &config,
            &mut output,
        )?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// Whether any plan entry asks for the runtime with `flag` (`build`, `launch`).
fn plan_flag(context: &BuildContext<AspnetRuntimeBuildpack>, flag: &str) -> bool {
    stowage_kit::require::any_asks(&context.buildpack_plan.entries, flag)
}

buildpack_main!(AspnetRuntimeBuildpack);
