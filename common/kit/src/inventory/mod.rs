//! Dependency inventories: entries, default versions, constraints, and resolution.

mod dependency;

pub use dependency::Dependency;
