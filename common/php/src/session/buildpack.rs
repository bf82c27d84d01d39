//! The session handler buildpacks (redis, memcached): one buildpack told which store it serves.
//! Detect passes with a binding of the store's type and requires `php` at launch; build writes
//! the session ini layer.

use super::SessionStore;
use super::layer::write_session_layer;
use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error, platform};

pub struct SessionHandlerBuildpack {
    pub store: SessionStore,
}

impl libcnb::Buildpack for SessionHandlerBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, _context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let bindings = platform::bindings()?;
        if bindings.of_type(self.store.binding_type()).next().is_none() {
            return DetectResultBuilder::fail().build();
        }
        let plan = BuildPlanBuilder::new().requires(require("php", false, true));
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        write_session_layer(&context, self.store, &platform::bindings()?, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}
