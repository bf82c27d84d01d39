//! Dependency inventories: entries, default versions, constraints, and resolution.

mod dependency;
mod deprecation;
mod lint;
mod resolve;
mod target;

pub use dependency::Dependency;
pub use deprecation::{deprecation_warning, warn_if_deprecated};
pub use lint::lint;
pub use target::Target;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The dependency part of a buildpack.toml `[metadata]` table or a `dependency-metadata/*.toml`
/// file. Unknown keys are allowed here (a buildpack's metadata carries other settings); the
/// entries themselves reject unknown fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Inventory {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// Dependency id → the constraint used when the app asks for nothing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub default_versions: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependency_constraints: Vec<DependencyConstraint>,
}

/// A version line the update tooling tracks, keeping its newest `patches` versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DependencyConstraint {
    pub id: String,
    pub constraint: String,
    pub patches: usize,
}

impl Inventory {
    /// The constraint text from `default-versions`, to parse with the ecosystem's syntax.
    #[must_use]
    pub fn default_version(&self, id: &str) -> Option<&str> {
        self.default_versions.get(id).map(String::as_str)
    }
}
