//! Gem requirements (`3.1.2`, `~> 3.1`, `>= 3.0, < 3.3`), as a Gemfile's `ruby` line or
//! `BP_MRI_VERSION` writes them, for the inventory's `VersionConstraint`. A bare version with
//! fewer than three parts (`3.1`, from `.ruby-version` or `BP_MRI_VERSION`) means that line.

use crate::errors;
use std::fmt;
use stowage_kit::Error;
use stowage_kit::version::VersionConstraint;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Pessimistic,
}

#[derive(Clone, Debug)]
pub struct GemRequirement {
    text: String,
    parts: Vec<(Op, Vec<u64>)>,
}

impl GemRequirement {
    pub fn parse(input: &str) -> Result<Self, Error> {
        let mut parts = Vec::new();
        for piece in input.split(',') {
            let piece = piece.trim();
            let (op, rest) = [
                ("~>", Op::Pessimistic),
                (">=", Op::Ge),
                ("<=", Op::Le),
                ("!=", Op::Ne),
                (">", Op::Gt),
                ("<", Op::Lt),
                ("=", Op::Eq),
            ]
            .iter()
            .find_map(|(sign, op)| piece.strip_prefix(sign).map(|rest| (*op, rest)))
            .unwrap_or((Op::Eq, piece));
            let numbers: Option<Vec<u64>> = rest
                .trim()
                .split('.')
                .map(|part| part.parse().ok())
                .collect();
            match numbers {
                Some(numbers) if (1..=3).contains(&numbers.len()) => parts.push((op, numbers)),
                _ => return Err(errors::requirement_invalid(input)),
            }
        }
        Ok(Self {
            text: input.trim().to_string(),
            parts,
        })
    }
}

fn padded(numbers: &[u64]) -> [u64; 3] {
    let mut full = [0; 3];
    full[..numbers.len()].copy_from_slice(numbers);
    full
}

fn holds(op: Op, numbers: &[u64], version: [u64; 3]) -> bool {
    let wanted = padded(numbers);
    match op {
        // `3.1` is the 3.1 line; `3.1.2` exactly that.
        Op::Eq => version[..numbers.len()] == *numbers,
        Op::Ne => version[..numbers.len()] != *numbers,
        Op::Gt => version > wanted,
        Op::Ge => version >= wanted,
        Op::Lt => version < wanted,
        Op::Le => version <= wanted,
        Op::Pessimistic => {
            // `~> 3.1` is >= 3.1, < 4; `~> 3.1.2` is >= 3.1.2, < 3.2; `~> 3` is >= 3, < 4.
            let fixed = numbers.len().saturating_sub(1).max(1);
            version >= wanted && version[..fixed] == numbers[..fixed]
        }
    }
}

impl VersionConstraint for GemRequirement {
    fn matches(&self, version: &semver::Version) -> bool {
        let version = [version.major, version.minor, version.patch];
        self.parts
            .iter()
            .all(|(op, numbers)| holds(*op, numbers, version))
    }
}

impl fmt::Display for GemRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(requirement: &str, version: &str) -> bool {
        GemRequirement::parse(requirement)
            .expect("parses")
            .matches(&semver::Version::parse(version).expect("version"))
    }

    #[test]
    fn rubygems_operators() {
        assert!(matches("3.1.2", "3.1.2"));
        assert!(!matches("3.1.2", "3.1.3"));
        assert!(matches("3.1", "3.1.7"));
        assert!(!matches("3.1", "3.2.0"));
        assert!(matches("~> 3.1", "3.4.0"));
        assert!(!matches("~> 3.1", "4.0.0"));
        assert!(matches("~> 3.1.0", "3.1.9"));
        assert!(!matches("~> 3.1.0", "3.2.0"));
        assert!(matches(">= 3.0, < 3.3", "3.2.9"));
        assert!(!matches(">= 3.0, < 3.3", "3.3.0"));
        assert!(matches("!= 3.0.1", "3.0.2"));
        assert!(matches("= 3.1.2", "3.1.2"));
    }

    #[test]
    fn text_that_is_no_requirement_is_refused() {
        for input in ["3.x", "", "~>", "3.1.2.4"] {
            let error = GemRequirement::parse(input).expect_err(input);
            assert_eq!(error.id, "ruby/requirement-invalid", "{input}");
        }
    }
}
