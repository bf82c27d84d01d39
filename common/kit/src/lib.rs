//! The Stowage buildpack kit: what buildpacks of any language family would otherwise write
//! twice. It knows no language; a family's shared code lives in its own crate.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

pub mod bindings;
pub mod cached_layer;
pub mod certificates;
pub mod checksum;
pub mod command;
pub mod config;
pub mod dependency_layer;
pub mod error;
pub mod fetch;
pub mod install_inputs;
pub mod inventory;
pub mod memory;
pub mod output;
pub mod package_cache;
pub mod platform;
pub mod require;
pub mod sbom;
pub mod staged_install;
pub mod tool_version;
pub mod tree_move;
pub mod version;
pub mod web_process;
pub mod words;

pub use error::Error;
