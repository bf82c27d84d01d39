//! Composer's version constraints (`^8.1`, `~8.2`, `>=8.1 <8.4`, `8.2.*`, `^8.1 || ^8.2`,
//! `>=8.1,<8.4`), as composer.json and composer.lock write them. Read with npm's range
//! grammar, which shares Composer's operators, after three translations: a comma also means
//! "and", a single `|` also means "or", and `~X.Y` means `>=X.Y <X+1` (npm's `~X.Y` stops at
//! the minor). Stability flags (`@stable`) are dropped.

use std::fmt::{self, Display};
use stowage_kit::Error;
use stowage_kit::version::{NpmRange, VersionConstraint};

#[derive(Clone, Debug)]
pub struct ComposerConstraint {
    text: String,
    range: NpmRange,
}

impl ComposerConstraint {
    /// Parses `input`; the error is the kit's `version/invalid-constraint`, for the caller to
    /// name the file or variable.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let range = NpmRange::parse(&translate(input))?;
        Ok(Self {
            text: input.trim().to_string(),
            range,
        })
    }
}

fn translate(input: &str) -> String {
    let alternatives: Vec<String> = input
        .split("||")
        .flat_map(|part| part.split('|'))
        .map(|alternative| {
            alternative
                .split([',', ' '])
                .filter(|part| !part.is_empty())
                .map(|part| {
                    let part = part.split_once('@').map_or(part, |(version, _)| version);
                    match part.strip_prefix('~') {
                        Some(version) if version.split('.').count() == 2 => format!("^{version}"),
                        _ => part.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    alternatives.join(" || ")
}

impl VersionConstraint for ComposerConstraint {
    fn matches(&self, version: &semver::Version) -> bool {
        self.range.matches(version)
    }
}

impl Display for ComposerConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matching(constraint: &str) -> Vec<&'static str> {
        let constraint = ComposerConstraint::parse(constraint).expect("parses");
        ["8.1.31", "8.2.36", "8.3.33", "8.4.24", "9.0.0"]
            .into_iter()
            .filter(|v| constraint.matches(&v.parse().expect("version")))
            .collect()
    }

    #[test]
    fn composer_operators_mean_what_composer_means() {
        assert_eq!(matching("^8.2"), ["8.2.36", "8.3.33", "8.4.24"]);
        assert_eq!(matching("~8.2"), ["8.2.36", "8.3.33", "8.4.24"]);
        assert_eq!(matching("~8.2.0"), ["8.2.36"]);
        assert_eq!(matching("8.2.*"), ["8.2.36"]);
        assert_eq!(matching(">=8.1,<8.3"), ["8.1.31", "8.2.36"]);
        assert_eq!(matching(">=8.1 <8.3"), ["8.1.31", "8.2.36"]);
        assert_eq!(matching("8.1.*|8.4.*"), ["8.1.31", "8.4.24"]);
        assert_eq!(matching("^8.3 || ^9.0"), ["8.3.33", "8.4.24", "9.0.0"]);
        assert_eq!(matching("^8.2@stable"), ["8.2.36", "8.3.33", "8.4.24"]);
        assert_eq!(
            ComposerConstraint::parse(" ^8.2 ")
                .expect("parses")
                .to_string(),
            "^8.2"
        );
    }

    #[test]
    fn nonsense_is_the_kits_constraint_error() {
        let error = ComposerConstraint::parse("eight").expect_err("not a constraint");
        assert!(
            error.render().contains("version/invalid-constraint"),
            "{}",
            error.render()
        );
    }
}
