//! stowage/dotnet-core-sdk: the .NET SDK that builds a project (Paketo's dotnet-core-sdk).
//!
//! Detect always passes and provides `dotnet-sdk`; it requires it itself when
//! `BP_DOTNET_SDK_VERSION` is set or a `global.json` (the app's folder, then its parents) sets
//! `sdk.version` (dotnet-publish requires it otherwise, for the project's runtime line). Build
//! resolves the version (see `version`), installs the SDK into the layer `dotnet-core-sdk` and
//! puts the layer's root (where `dotnet` is) first on `PATH` for later buildpacks.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod sdk_layer;
mod version;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::{BuildPlanBuilder, Require};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_dotnet::{GlobalJson, SDK_VERSION};
use stowage_kit::config::Config;
use stowage_kit::inventory::Target;
use stowage_kit::output::Output;
use stowage_kit::{Error, error, inventory::Inventory};

pub(crate) const PROVIDES: &str = "dotnet-sdk";

pub struct DotnetSdkBuildpack;

impl Buildpack for DotnetSdkBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let mut plan = BuildPlanBuilder::new().provides(PROVIDES);
        let require = |version: String, source: &str, extra: Option<(&str, &str)>| {
            let mut require = Require::new(PROVIDES);
            require.metadata.insert("version".into(), version.into());
            require
                .metadata
                .insert("version-source".into(), source.into());
            if let Some((key, value)) = extra {
                require.metadata.insert(key.into(), value.into());
            }
            require
        };
        // A broken global.json requires nothing here; build reports it.
        if let Ok(Some(global)) = GlobalJson::find(&context.app_dir) {
            plan = plan.requires(require(
                global.version.to_string(),
                "global.json",
                Some(("roll-forward", global.roll_forward.name())),
            ));
        }
        if let Some(version) = config.string(SDK_VERSION) {
            plan = plan.requires(require(version, SDK_VERSION, None));
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let global = GlobalJson::find(&context.app_dir)?;
        let inventory = &context.buildpack_descriptor.metadata;
        let request = version::request(
            &context.app_dir,
            &config,
            global.as_ref(),
            &context.buildpack_plan.entries,
            inventory,
        )?;
        let dependency = version::select(
            inventory,
            &request,
            &Target::from(&context.target),
            &mut output,
        )?;
        let flag =
            |name: &str| stowage_kit::require::any_asks(&context.buildpack_plan.entries, name);
        sdk_layer::install(
            &context,
            dependency,
            flag("build"),
            flag("launch"),
            &config,
            &mut output,
        )?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(DotnetSdkBuildpack);
