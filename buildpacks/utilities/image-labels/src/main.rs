//! stowage/image-labels: image labels from `BP_IMAGE_LABELS` and `BP_OCI_*`.
//!
//! Detect passes when `BP_IMAGE_LABELS` or any `BP_OCI_*` variable is set. Build writes the
//! labels into `launch.toml`; the lifecycle puts them on the image config. It installs nothing.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod label_list;
mod labels;
mod oci;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::launch::{Label, LaunchBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::{Error, error};

pub struct ImageLabelsBuildpack;

impl Buildpack for ImageLabelsBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let env = context.platform.env();
        let wanted = Config::new(env).string(labels::IMAGE_LABELS).is_some()
            || !oci::set_variables(env).is_empty();
        if wanted {
            DetectResultBuilder::pass().build()
        } else {
            DetectResultBuilder::fail().build()
        }
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let env = context.platform.env();
        for warning in oci::unknown(env) {
            output.warning(&warning);
        }
        let (labels, replaced) = labels::collect(env)?;
        output.section("Adding image labels");
        for label in &labels {
            output.step(&format!(
                "{}={:?} (from {})",
                label.key, label.value, label.source
            ));
        }
        for (key, old, new) in &replaced {
            output.detail(&format!("{key} from {new} replaces the one from {old}"));
        }
        if labels.is_empty() {
            output.step("No labels to add");
        }
        let launch = LaunchBuilder::new()
            .labels(labels.into_iter().map(|label| Label {
                key: label.key,
                value: label.value,
            }))
            .build();
        BuildResultBuilder::new().launch(launch).build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(ImageLabelsBuildpack);
