//! stowage/jvm: installs the Java runtime and development kit (Paketo's bellsoft-liberica).
//!
//! Detect always passes, offering `jdk` and `jre` (see `plan.rs`). Build resolves the Java
//! version (`BP_JVM_VERSION` > `.sdkmanrc` > `system.properties` > the manifest > the default) and installs the JDK
//! for a build tool and the JRE for the app; at launch the exec.d program
//! `jvm-launch-options` sizes the JVM's memory and adds the configured JVM options.
//! `BP_JVM_JLINK_ENABLED` makes the app's runtime with the JDK's jlink. native-image is not
//! offered.

// Unit tests see the dev-dependencies too; the exec.d program uses only some dependencies.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod build_trust;
mod class_count;
mod errors;
mod jlink;
mod jvm_layer;
mod plan;
mod runtime;
mod version_request;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::inventory::{Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_kit::{Error, error};

pub struct JvmBuildpack;

impl Buildpack for JvmBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        // An unreadable version file is reported once, by build.
        let request = version_request::find(&context.app_dir, &config).unwrap_or(None);
        DetectResultBuilder::pass()
            .build_plan(plan::detect_plan(request.as_ref())?)
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let plan = plan::JvmPlan::from(&context.buildpack_plan);
        let layers = runtime::select(
            &context.app_dir,
            &context.buildpack_descriptor.metadata,
            &Target::from(&context.target),
            &plan,
            &config,
            &mut output,
        )?;
        // A jlinked runtime is made from the JDK installed before it.
        let mut jdk_home = None;
        for layer in &layers {
            warn_if_deprecated(
                layer.dependency,
                version_request::VERSION_VARIABLE,
                &mut output,
            )?;
            let home =
                jvm_layer::install(&context, layer, jdk_home.as_deref(), &config, &mut output)?;
            if layer.name.as_str() == "jdk" {
                jdk_home = Some(home);
            }
        }
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(JvmBuildpack);

// The exec.d program (`src/bin/jvm-launch-options.rs`) dates heap dumps with it.
use time as _;
