//! What the Stowage JVM buildpacks share: the JVM's launch-time configuration (Paketo's memory
//! calculator and helpers), as pure functions of the environment and a file system root, and
//! the jar manifest as Java reads it, and what build tools' buildpacks do around the build
//! (the built artifact exploded as the app, build arguments, wrapper scripts).

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

pub mod build_tool;
pub mod built_artifact;
mod class_count;
mod debug;
mod diagnostics;
mod errors;
mod glob;
mod launch_options;
pub mod launch_processes;
mod loaded_classes;
mod manifest;
mod memory_calculator;
mod memory_total;
mod processors;
mod size;
#[cfg(test)]
mod test_support;
pub mod tool_cache;
mod tool_options;
mod trust;
mod truststore;

pub use class_count::{app_classes, jar_classes};
pub use glob::{glob, matches as glob_matches};
pub use launch_options::{LaunchInputs, LaunchOptions, launch_options};
pub use loaded_classes::loaded_classes;
pub use manifest::{Manifest, ManifestError, Section};
pub use memory_calculator::{LoadedClasses, MemoryConfiguration, MemoryInputs, Region, calculate};
pub use memory_total::{TotalMemory, total_memory};
pub use processors::cpu_count;
pub use size::Size;
pub use tool_options::ToolOptions;
pub use truststore::{PASSWORD as TRUSTSTORE_PASSWORD, Truststore};
