//! stowage/ca-certificates: trusts the CA certificates of `ca-certificates` bindings, during
//! the build and at launch (for a TLS-intercepting proxy or an internal CA).
//!
//! Detect passes when a `ca-certificates` binding exists at build time, `BP_EMBED_CERTS` is
//! true, or the launch helper is wanted (as at Paketo it is, unless
//! `BP_RUNTIME_CERT_BINDING_DISABLED` is true), so bindings mounted only at runtime work too.
//! Build checks every binding key is PEM certificates, then writes:
//! - `build-certificates` (build): `SSL_CERT_FILE`, `SSL_CERT_DIR`, `NODE_EXTRA_CA_CERTS` for
//!   later buildpacks;
//! - `helper` (launch): an exec.d program that, when the app starts, bundles the run image's
//!   CAs with the embedded certificates and runtime bindings, and sets the same variables.

// The package's library and launch helper share its dependencies; some only they use. Unit tests also see the
// dev-dependencies, which only the integration tests use.
#![allow(unused_crate_dependencies)]

mod build_trust;
mod launch_helper;
mod settings;

use ca_certificates::binding_certs::{self, BINDING_TYPE};
use ca_certificates::bundle;
use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use settings::Settings;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::{Error, error, platform};

pub struct CaCertificatesBuildpack;

impl Buildpack for CaCertificatesBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let settings = Settings::read(&Config::new(context.platform.env()))?;
        let bound = platform::bindings()?.of_type(BINDING_TYPE).next().is_some();
        if bound || settings.embed || settings.runtime_bindings {
            DetectResultBuilder::pass().build()
        } else {
            DetectResultBuilder::fail().build()
        }
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let settings = Settings::read(&Config::new(context.platform.env()))?;

        output.section("Reading ca-certificates bindings");
        let (files, warnings) = binding_certs::from_bindings(&platform::bindings()?)?;
        for warning in &warnings {
            output.warning(warning);
        }
        for file in &files {
            output.step(&format!(
                "{}/{}: {}",
                file.binding,
                file.key,
                bundle::certificates(file.count)
            ));
        }
        if files.is_empty() {
            output.step("None at build time");
        } else {
            build_trust::write(&context, &files, &mut output)?;
        }

        let embedded = if settings.embed {
            files.as_slice()
        } else {
            &[]
        };
        if settings.embed && files.is_empty() {
            output.step(&format!(
                "{} is true, but there are no certificates to embed",
                settings::EMBED_CERTS
            ));
        }
        if settings.runtime_bindings || !embedded.is_empty() {
            launch_helper::write(&context, embedded, settings.runtime_bindings, &mut output)?;
        }
        BuildResultBuilder::new().build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

buildpack_main!(CaCertificatesBuildpack);
