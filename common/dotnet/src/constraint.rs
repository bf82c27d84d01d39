//! Version constraints as Paketo's .NET buildpacks read them (Masterminds semver): a bare
//! version is that version exactly, `8.0` and `8` are lines, comparators may be separated by
//! spaces or commas (`>=6.0.100 <6.0.200`).

use std::fmt::{self, Display};
use stowage_kit::Error;
use stowage_kit::version::VersionConstraint;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotnetConstraint {
    text: String,
    requirement: semver::VersionReq,
}

impl DotnetConstraint {
    /// The caller attaches the variable or file the text came from.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let text = input.trim();
        let requirement = semver::VersionReq::parse(&normalise(text))
            .map_err(|error| crate::errors::invalid_constraint(text).debug(error))?;
        Ok(Self {
            text: text.to_string(),
            requirement,
        })
    }

    /// A constraint built by the roll-forward rules, shown as `shown`.
    pub(crate) fn built(shown: String, requirement: &str) -> Self {
        Self {
            requirement: semver::VersionReq::parse(requirement).unwrap_or(semver::VersionReq::STAR),
            text: shown,
        }
    }
}

fn normalise(text: &str) -> String {
    let bare = |part: &str| part.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !text.is_empty() && bare(text) {
        return match text.matches('.').count() {
            0 | 1 => format!("{text}.*"),
            _ => format!("={text}"),
        };
    }
    let mut out = String::new();
    for part in text.split([' ', ',']).filter(|part| !part.is_empty()) {
        // `>= 6.0` (an operator on its own) joins the next part.
        if !out.is_empty() && !out.ends_with(['>', '<', '=', '~', '^']) {
            out.push_str(", ");
        }
        out.push_str(part);
    }
    out
}

impl VersionConstraint for DotnetConstraint {
    fn matches(&self, version: &semver::Version) -> bool {
        self.requirement.matches(version)
    }
}

impl Display for DotnetConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(constraint: &str, version: &str) -> bool {
        DotnetConstraint::parse(constraint)
            .expect("valid")
            .matches(&version.parse().expect("version"))
    }

    #[test]
    fn paketo_forms() {
        assert!(matches("8.0.424", "8.0.424"));
        assert!(!matches("8.0.424", "8.0.425"));
        assert!(matches("8.0", "8.0.425"));
        assert!(!matches("8.0", "8.1.0"));
        assert!(matches("8", "8.1.0"));
        assert!(matches("8.*", "8.1.0"));
        assert!(matches(">=6.0.100 <6.0.200", "6.0.199"));
        assert!(!matches(">=6.0.100 <6.0.200", "6.0.200"));
        assert!(matches(">= 6.0.100, < 7", "6.9.0"));
        assert!(matches("~8.0", "8.0.9"));
        assert!(matches("*", "10.0.0"));
    }

    #[test]
    fn nonsense_is_an_error() {
        let error = DotnetConstraint::parse("eight").expect_err("invalid");
        insta::assert_snapshot!(error.render());
        assert!(DotnetConstraint::parse("").is_err());
    }
}
