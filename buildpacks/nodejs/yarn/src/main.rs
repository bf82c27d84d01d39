//! stowage/yarn: installs Yarn for the buildpacks after it (yarn-install, node-run-script).
//!
//! Detect always passes: it provides `yarn` and requires `node` while building.
//! Build picks the version, in this order: a release the project commits (`.yarnrc.yml`
//! `yarnPath`, which any `yarn` hands over to) means the default; else `packageManager`, then
//! `engines.yarn` in package.json; else 4.x for a Yarn 2+ lockfile; else the default (1.x).
//! It installs Yarn into the `yarn` layer, whose `bin` holds `yarn` and `yarnpkg`.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod hint;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, buildpack_main};
use stowage_kit::inventory::Inventory;
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_nodejs::RegistryPackageManager;

const YARN: RegistryPackageManager = RegistryPackageManager {
    id: "yarn",
    name: "Yarn",
    hint: hint::from_project,
};

pub struct YarnBuildpack;

impl Buildpack for YarnBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, _context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        DetectResultBuilder::pass()
            .build_plan(YARN.detect_plan()?)
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        YARN.install(&context, &mut output)?;
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(YarnBuildpack);
