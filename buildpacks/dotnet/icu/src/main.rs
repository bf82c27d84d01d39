//! stowage/icu: the ICU libraries .NET's globalization loads (Paketo's icu).
//!
//! Detect always passes and provides `icu` (dotnet-execute requires it at launch,
//! dotnet-publish at build). Build installs the newest ICU for the stack into the layer `icu`,
//! whose `lib/` the lifecycle puts on `LD_LIBRARY_PATH`, with two defaults the user may
//! override: `CLR_ICU_VERSION_OVERRIDE=<ICU major>` (.NET Core 3.1 probes ICU 70 down to 50
//! only, newer .NETs up to their own release's ICU) and `DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0`
//! (set before the runtime buildpack's fallback `1`, which is for stacks without ICU).

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod icu_layer;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::inventory::{Inventory, Target};
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;
use stowage_kit::{Error, error};

pub(crate) const PROVIDES: &str = "icu";

pub struct IcuBuildpack;

impl Buildpack for IcuBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, _context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        DetectResultBuilder::pass()
            .build_plan(BuildPlanBuilder::new().provides(PROVIDES).build())
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = stowage_kit::config::Config::new(libcnb::Platform::env(&context.platform));
        output.section("Resolving ICU");
        // Paketo's icu has no version setting: the newest ICU built for the stack.
        let any = SemverRequirement::parse("*")?;
        let dependency = context.buildpack_descriptor.metadata.resolve_with_debug(
            PROVIDES,
            &any,
            &Target::from(&context.target),
            &mut output,
        )?;
        output.step(&format!(
            "Selected ICU {} (the newest for this stack)",
            dependency.version
        ));
        let flag =
            |name: &str| stowage_kit::require::any_asks(&context.buildpack_plan.entries, name);
        icu_layer::install(
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

buildpack_main!(IcuBuildpack);
