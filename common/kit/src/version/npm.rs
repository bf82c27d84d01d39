//! npm-style ranges (`^22`, `~22.1`, `>=20 <23`, `22.x`, `20 || 22`), plus the nvm aliases
//! that `.nvmrc` files hold (`node`, `lts/*`, `lts/iron`).

use super::{VersionConstraint, invalid_constraint};
use crate::Error;
use std::fmt::{self, Display};

const EXAMPLES: &str = "  22.11.0      exactly this version
  22 or 22.x   the newest 22.x.y
  ~22.11       the newest 22.11.x
  ^22.11       22.11.0 or newer, below 23
  >=20 <23     a range
  20 || 22     either line";

const NVM_EXAMPLES: &str = "
  lts/*        the newest long-term-support line
  lts/jod      a long-term-support line by its codename
  node         the newest version";

/// Node.js long-term-support codenames and their major versions, as nvm spells them.
/// A new LTS line gets its codename when it enters LTS; add it here then.
pub const LTS_CODENAMES: &[(&str, u64)] = &[
    ("argon", 4),
    ("boron", 6),
    ("carbon", 8),
    ("dubnium", 10),
    ("erbium", 12),
    ("fermium", 14),
    ("gallium", 16),
    ("hydrogen", 18),
    ("iron", 20),
    ("jod", 22),
    ("krypton", 24),
];

/// An npm range that remembers the text it was parsed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpmRange {
    text: String,
    range: nodejs_semver::Range,
}

impl NpmRange {
    /// npm range syntax, as in `package.json` `engines`. Empty input is an error: callers
    /// treat blank values as "not set" before calling.
    pub fn parse(input: &str) -> Result<Self, Error> {
        parse_range(input.trim(), input.trim(), EXAMPLES)
    }

    /// npm range syntax plus nvm aliases, for `.nvmrc`, `.node-version` and `BP_NODE_VERSION`.
    /// `node`, `stable`, `current` and `latest` mean any version (so the newest is picked);
    /// `lts/*` means any major that has an LTS codename in [`LTS_CODENAMES`] (not "any even
    /// major": a new even major is not LTS for its first six months).
    pub fn parse_node_version(input: &str) -> Result<Self, Error> {
        let text = input.trim();
        let examples = format!("{EXAMPLES}{NVM_EXAMPLES}");
        let lower = text.to_ascii_lowercase();
        let range = match lower.as_str() {
            "node" | "stable" | "current" | "latest" => "*".to_string(),
            "lts/*" => LTS_CODENAMES
                .iter()
                .map(|(_, major)| format!("{major}.x"))
                .collect::<Vec<_>>()
                .join(" || "),
            _ => match lower.strip_prefix("lts/") {
                Some(codename) => lts_major(codename)
                    .map(|major| format!("{major}.x"))
                    .ok_or_else(|| unknown_lts_codename(text))?,
                None => text.to_string(),
            },
        };
        parse_range(text, &range, &examples)
    }
}

fn parse_range(text: &str, range: &str, examples: &str) -> Result<NpmRange, Error> {
    if range.is_empty() {
        return Err(invalid_constraint(text, examples));
    }
    nodejs_semver::Range::parse(range)
        .map(|range| NpmRange {
            text: text.to_string(),
            range,
        })
        .map_err(|_| invalid_constraint(text, examples))
}

fn lts_major(codename: &str) -> Option<u64> {
    LTS_CODENAMES
        .iter()
        .find(|(name, _)| *name == codename)
        .map(|(_, major)| *major)
}

fn unknown_lts_codename(text: &str) -> Error {
    let known = LTS_CODENAMES
        .iter()
        .map(|(name, major)| format!("  lts/{name:<10} Node.js {major}"))
        .collect::<Vec<_>>()
        .join("\n");
    Error::new(
        "version/unknown-lts-codename",
        format!("`{text}` is not a Node.js long-term-support line this buildpack knows"),
        format!(
            "Use `lts/*` for the newest long-term-support line, a version range such as `22`, \
             or one of these codenames:\n{known}"
        ),
    )
}

impl VersionConstraint for NpmRange {
    fn matches(&self, version: &semver::Version) -> bool {
        // Both crates parse the same semver 2.0 text, so the round trip cannot fail in practice.
        nodejs_semver::Version::parse(version.to_string())
            .is_ok_and(|version| self.range.satisfies(&version))
    }
}

impl Display for NpmRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(range: &NpmRange, version: &str) -> bool {
        range.matches(&version.parse().expect("valid version"))
    }

    fn npm(text: &str) -> NpmRange {
        NpmRange::parse(text).expect("valid range")
    }

    fn node(text: &str) -> NpmRange {
        NpmRange::parse_node_version(text).expect("valid node version")
    }

    #[test]
    fn range_forms() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("^22", &["22.0.0", "22.11.3"], &["21.9.9", "23.0.0"]),
            ("~22.1", &["22.1.0", "22.1.9"], &["22.2.0", "22.0.9"]),
            (">=20 <23", &["20.0.0", "22.99.0"], &["19.9.9", "23.0.0"]),
            ("22.x", &["22.5.0"], &["23.0.0"]),
            ("22", &["22.5.0"], &["23.0.0", "21.0.0"]),
            ("22.*.*", &["22.5.0"], &["24.0.0"]),
            ("*", &["0.1.0", "26.0.0"], &[]),
            ("v22.1.0", &["22.1.0"], &["22.1.1"]),
            ("=22.1.0", &["22.1.0"], &["22.1.1"]),
            ("22.1.0 - 24", &["22.1.0", "24.9.0"], &["22.0.9", "25.0.0"]),
            (" 22 ", &["22.0.0"], &["23.0.0"]),
        ];
        for (text, yes, no) in cases {
            let range = npm(text);
            for version in *yes {
                assert!(matches(&range, version), "{text} should match {version}");
            }
            for version in *no {
                assert!(
                    !matches(&range, version),
                    "{text} should not match {version}"
                );
            }
        }
    }

    #[test]
    fn alternatives() {
        let range = npm("18 || 22.x");
        assert!(matches(&range, "18.20.8"));
        assert!(matches(&range, "22.1.0"));
        assert!(!matches(&range, "20.0.0"));
    }

    #[test]
    fn a_plain_range_never_picks_a_pre_release() {
        assert!(!matches(&npm("*"), "26.0.0-rc.1"));
        assert!(!matches(&npm(">=22"), "26.0.0-rc.1"));
        assert!(!matches(&node("node"), "26.0.0-rc.1"));
        assert!(matches(&npm(">=26.0.0-rc.0"), "26.0.0-rc.1"));
    }

    #[test]
    fn nvm_aliases() {
        for alias in ["node", "stable", "current", "latest", "Node"] {
            assert!(matches(&node(alias), "26.3.0"), "{alias}");
        }
        let lts = node("lts/*");
        assert!(matches(&lts, "24.18.1"));
        assert!(matches(&lts, "22.23.2"));
        assert!(!matches(&lts, "26.0.0"), "26 has no LTS codename yet");
        assert!(!matches(&lts, "23.0.0"));
        let iron = node("lts/Iron");
        assert!(matches(&iron, "20.20.2"));
        assert!(!matches(&iron, "22.0.0"));
        assert_eq!(iron.to_string(), "lts/Iron");
        assert!(matches(&node("^22"), "22.3.0"), "ranges still work");
    }

    #[test]
    fn aliases_are_not_npm_ranges() {
        assert!(NpmRange::parse("lts/*").is_err());
        assert!(NpmRange::parse("node").is_err());
    }

    #[test]
    fn rejects_invalid_ranges() {
        for text in ["hello", "22.1.", "<<22", "=>22", "22.1.0.1", "abc def", ""] {
            let error = NpmRange::parse(text).expect_err(text);
            assert_eq!(error.id, "version/invalid-constraint", "{text}");
        }
    }

    #[test]
    fn invalid_range() {
        let error = NpmRange::parse("hello").expect_err("invalid");
        insta::assert_snapshot!(error.file("package.json").render());
    }

    #[test]
    fn invalid_node_version() {
        let error = NpmRange::parse_node_version("system").expect_err("invalid");
        insta::assert_snapshot!(error.file(".nvmrc").render());
    }

    #[test]
    fn unknown_lts_codename() {
        let error = NpmRange::parse_node_version("lts/banana").expect_err("unknown");
        assert_eq!(error.id, "version/unknown-lts-codename");
        insta::assert_snapshot!(error.file(".nvmrc").render());
    }
}
