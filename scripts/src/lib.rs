//! The project's own tooling, behind the `stowage-dev` command and the shell entry points in
//! `scripts/`; the integration tests use it as a library.
//!
//! - [`app_node`]: the Node.js an app's local build needs, resolved as node-engine resolves it.
//! - [`package`]: buildpack folders from the crates' binaries and `dependency-metadata/`.
//! - [`builder`]: a builder's buildpacks and order laid out as a builder image holds them.
//! - [`artifacts`]: runtimes assembled from the package registries this machine reaches.
//! - [`inventory`]: buildpack inventories for those artifacts.
//! - [`bench`]: `scripts/bench`'s report, and one dependency installed as a buildpack does.
//! - [`platform`]: a build's env and bindings from the main command's arguments.
//! - [`image_name`]: the image name of an app folder.
//! - [`project`]: the app's project descriptor (`project.toml`) as `pack build` honours it.
//! - [`update`]: `update-dependencies`, new upstream versions into `dependency-metadata/`.
//! - [`build_messages`]: what a build says after the lifecycle's phases (nothing detected,
//!   no default process).

// The argument parser is the binary's alone; unit tests also see the dev-dependencies.
#![allow(unused_crate_dependencies)]

pub mod app_node;
pub mod artifacts;
pub mod bench;
pub mod build_messages;
pub mod builder;
pub mod builder_config;
pub mod builder_image;
pub mod buildpackage;
pub mod image_name;
pub mod inventory;
pub mod oci;
pub mod package;
pub mod platform;
pub mod project;
pub mod stack;
pub mod update;
pub mod workspace;

/// What the tooling's fallible steps return: a message good enough for a developer.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;
