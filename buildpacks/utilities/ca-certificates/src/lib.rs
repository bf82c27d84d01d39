//! What the ca-certificates buildpack and its launch helper share: reading certificates from
//! bindings and from the image, and writing bundles.

pub mod binding_certs;
pub mod bundle;
pub mod errors;
pub mod helper;
