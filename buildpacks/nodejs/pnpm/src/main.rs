//! stowage/pnpm: installs pnpm for the buildpacks after it (pnpm-install, node-run-script).
//!
//! Detect always passes: it provides `pnpm` and requires `node` while building.
//! Build picks the version from `packageManager`, then `engines.pnpm` in package.json, else
//! the default, and installs it into the `pnpm` layer, whose `bin` holds `pnpm` and `pnpx`.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::inventory::Inventory;
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::{ManagerVersionHint, RegistryPackageManager};

const PNPM: RegistryPackageManager = RegistryPackageManager {
    id: "pnpm",
    name: "pnpm",
    hint: |_| Ok(ManagerVersionHint::None),
};

pub struct PnpmBuildpack;

impl Buildpack for PnpmBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, _context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        DetectResultBuilder::pass()
            .build_plan(PNPM.detect_plan()?)
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        PNPM.install(&context, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(PnpmBuildpack);
