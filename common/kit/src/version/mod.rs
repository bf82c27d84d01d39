//! Version constraints: one trait, one implementation per ecosystem's range syntax.
//!
//! Resolution takes `&dyn VersionConstraint`, so a new syntax (Composer, Ruby gems, `NuGet`
//! roll-forward, Maven) is a new type here and no change for callers.

mod composer;
mod npm;
mod semver_req;

pub use composer::ComposerConstraint;
pub use npm::{LTS_CODENAMES, NpmRange};
pub use semver_req::SemverRequirement;

use crate::Error;
use std::fmt::{Debug, Display};

/// Something a dependency version either satisfies or not. `Display` shows what the user wrote.
pub trait VersionConstraint: Display + Debug {
    /// Pre-releases match only when the constraint itself names a pre-release of that version.
    fn matches(&self, version: &semver::Version) -> bool;
}

/// `version/invalid-constraint`, quoting the input and showing valid `examples`.
/// The caller attaches the variable or file the text came from.
fn invalid_constraint(input: &str, examples: &str) -> Error {
    let header = if input.trim().is_empty() {
        "The version range is empty".to_string()
    } else {
        format!("`{}` is not a valid version range", input.trim())
    };
    Error::new(
        "version/invalid-constraint",
        header,
        format!("Use a version or a range, for example:\n{examples}"),
    )
}
