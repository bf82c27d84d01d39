//! What the ca-certificates buildpack and its launch helper share: reading certificates from
//! bindings and from the image, and writing bundles.

// The package's binaries share its dependencies; some only they use. Unit tests also see the
// dev-dependencies, which only the integration tests use.
#![allow(unused_crate_dependencies)]

pub mod binding_certs;
pub mod bundle;
pub mod errors;
pub mod helper;
