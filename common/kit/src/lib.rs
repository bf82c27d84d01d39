//! The Stowage buildpack kit: everything two buildpacks would otherwise write twice.

pub mod checksum;
pub mod error;
pub mod inventory;

pub use error::Error;
