//! Plain semver requirements (Cargo syntax: `>=1.2, <2`, `~1.2`, `1.*`).

use super::{VersionConstraint, invalid_constraint};
use crate::Error;
use std::fmt::{self, Display};

const EXAMPLES: &str = "  =1.2.3       exactly this version
  1.2 or ^1.2  1.2.0 or newer, below 2
  ~1.2         the newest 1.2.x
  1.*          the newest 1.x.y
  >=1.2, <2    a range (a comma means \"and\")";

/// A `semver::VersionReq` that remembers the text it was parsed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemverRequirement {
    text: String,
    requirement: semver::VersionReq,
}

impl SemverRequirement {
    /// Empty input is an error: callers treat blank values as "not set" before calling.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let text = input.trim();
        if text.is_empty() {
            return Err(invalid_constraint(input, EXAMPLES));
        }
        semver::VersionReq::parse(text)
            .map(|requirement| Self {
                text: text.to_string(),
                requirement,
            })
            .map_err(|error| invalid_constraint(input, EXAMPLES).debug(error))
    }
}

impl VersionConstraint for SemverRequirement {
    fn matches(&self, version: &semver::Version) -> bool {
        self.requirement.matches(version)
    }
}

impl Display for SemverRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(requirement: &str, version: &str) -> bool {
        SemverRequirement::parse(requirement)
            .expect("valid requirement")
            .matches(&version.parse().expect("valid version"))
    }

    #[test]
    fn range_forms() {
        assert!(matches(">=1.2, <2", "1.9.0"));
        assert!(!matches(">=1.2, <2", "2.0.0"));
        assert!(matches("~1.2", "1.2.9"));
        assert!(!matches("~1.2", "1.3.0"));
        assert!(matches("1.*", "1.7.0"));
        assert!(matches("=1.2.3", "1.2.3"));
        assert!(!matches("=1.2.3", "1.2.4"));
        assert!(matches(" ^1.2 ", "1.4.0"));
    }

    #[test]
    fn a_plain_range_never_picks_a_pre_release() {
        assert!(!matches(">=1.0", "2.0.0-rc.1"));
        assert!(!matches("*", "2.0.0-rc.1"));
        assert!(matches(">=2.0.0-rc.1", "2.0.0-rc.2"));
    }

    #[test]
    fn displays_what_the_user_wrote() {
        let requirement = SemverRequirement::parse(" >=1.2, <2 ").expect("valid");
        assert_eq!(requirement.to_string(), ">=1.2, <2");
    }

    #[test]
    fn invalid_requirement() {
        let error = SemverRequirement::parse(">=1.2 <<2").expect_err("invalid");
        assert_eq!(error.id, "version/invalid-constraint");
        insta::assert_snapshot!(error.variable("BP_EXAMPLE_VERSION").render());
    }

    #[test]
    fn empty_requirement() {
        let error = SemverRequirement::parse("  ").expect_err("invalid");
        insta::assert_snapshot!(error.render());
    }
}
