//! The Stowage buildpack kit: everything two buildpacks would otherwise write twice.

pub mod bindings;
pub mod certificates;
pub mod checksum;
pub mod command;
pub mod config;
pub mod dependency_layer;
pub mod error;
pub mod fetch;
pub mod inventory;
pub mod memory;
pub mod nodejs;
pub mod output;
pub mod platform;
pub mod sbom;
pub mod version;

pub use error::Error;
