//! stowage/php-redis-session-handler: keeps PHP's sessions in Redis (Paketo's php-redis-session-handler).
//!
//! Detect passes when the build has a service binding of type `php-redis-session` and
//! requires `php` at launch. Build writes an ini snippet that loads the redis extension and
//! sets `session.save_handler` and `session.save_path` from the binding, in a launch layer
//! added to `PHP_INI_SCAN_DIR` (stowage-php's `session` module).

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error, platform};
use stowage_php::{SessionStore, write_session_layer};

const STORE: SessionStore = SessionStore::Redis;

pub struct PhpRedisSessionHandlerBuildpack;

impl Buildpack for PhpRedisSessionHandlerBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, _context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let bindings = platform::bindings()?;
        if bindings.of_type(STORE.binding_type()).next().is_none() {
            return DetectResultBuilder::fail().build();
        }
        let plan = BuildPlanBuilder::new().requires(require("php", false, true));
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        write_session_layer(&context, STORE, &platform::bindings()?, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PhpRedisSessionHandlerBuildpack);
