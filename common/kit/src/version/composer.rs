//! Composer's version constraints, as composer.json, composer.lock and `BP_PHP_VERSION` /
//! `BP_COMPOSER_VERSION` write them: `8.2.36`, `8.2.*`, `^8.2`, `~8.2`, `>=8.1 <8.4` or
//! `>=8.1,<8.4` ("and"), `^8.1 || ^8.3` or `^8.1 | ^8.3` ("or"), `8.1 - 8.3` (both ends
//! included), `!=8.2.0`, and stability flags (`@stable`, `@dev`), which only steer which
//! packages Composer prefers and are ignored here. A bare partial version (`8.2`) means its
//! line, `8.2.*`, as Paketo's buildpacks read it (Composer itself would read `8.2.0`).

use super::{VersionConstraint, invalid_constraint};
use crate::Error;
use semver::Version;
use std::fmt::{self, Display};

const EXAMPLES: &str = "  8.2.36        exactly this version
  8.2.*         the newest 8.2.x
  ^8.2          8.2.0 or newer, below 9
  ~8.2.0        8.2.0 or newer, below 8.3
  >=8.1 <8.4    a range (a space or a comma means \"and\")
  8.1 - 8.3     a range, both ends included
  ^8.1 || ^8.3  either (a single | also means \"or\")";

/// A Composer constraint that remembers the text it was parsed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposerConstraint {
    text: String,
    /// Alternatives ("or") of conditions that must all hold ("and"); an empty list of
    /// conditions is `*`.
    alternatives: Vec<Vec<Condition>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Condition {
    op: Op,
    version: Version,
}

impl Condition {
    fn new(op: Op, version: Version) -> Self {
        Self { op, version }
    }

    fn holds(&self, version: &Version) -> bool {
        let order = version.cmp_precedence(&self.version);
        match self.op {
            Op::Eq => order.is_eq(),
            Op::Ne => order.is_ne(),
            Op::Gt => order.is_gt(),
            Op::Ge => order.is_ge(),
            Op::Lt => order.is_lt(),
            Op::Le => order.is_le(),
        }
    }
}

impl ComposerConstraint {
    /// Composer's syntax. Empty input is an error: callers treat blank values as "not set".
    pub fn parse(input: &str) -> Result<Self, Error> {
        let text = input.trim();
        let invalid = || invalid_constraint(input, EXAMPLES);
        if text.is_empty() {
            return Err(invalid());
        }
        let alternatives = text
            .split("||")
            .flat_map(|part| part.split('|'))
            .map(|alternative| conjunction(alternative).ok_or_else(invalid))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Self {
            text: text.to_string(),
            alternatives,
        })
    }
}

/// `a b`, `a,b` or `a - b`; `None` when any part is not a constraint.
fn conjunction(text: &str) -> Option<Vec<Condition>> {
    let words = words(text)?;
    if let [low, dash, high] = words.as_slice()
        && dash == "-"
    {
        return hyphen_range(low, high);
    }
    let mut conditions = Vec::new();
    for word in &words {
        conditions.extend(single(word)?);
    }
    Some(conditions)
}

/// The parts of an "and": split at commas and spaces, an operator kept with the version after
/// it (`>= 8.1` is one part), a lone `-` kept as a part of its own.
fn words(text: &str) -> Option<Vec<String>> {
    let mut words: Vec<String> = Vec::new();
    for raw in text.split([',', ' ', '\t']).filter(|raw| !raw.is_empty()) {
        match words.last_mut() {
            Some(last) if is_operator(last) => last.push_str(raw),
            _ => words.push(raw.to_string()),
        }
    }
    if words.is_empty() || words.last().is_some_and(|last| is_operator(last)) {
        return None;
    }
    Some(words)
}

fn is_operator(word: &str) -> bool {
    matches!(
        word,
        "=" | "==" | "!=" | "<>" | ">" | ">=" | "<" | "<=" | "^" | "~"
    )
}

/// One constraint: `*`, `8.2.*`, `^8.2`, `~8.2`, `>=8.1`, `!=8.2.0`, `8.2.36`, with an
/// optional `@stability`.
fn single(word: &str) -> Option<Vec<Condition>> {
    let word = match word.split_once('@') {
        Some((version, flag)) if is_stability(flag) => version,
        Some(_) => return None,
        None => word,
    };
    if word.is_empty() || matches!(word, "*" | "x" | "X") {
        return Some(Vec::new());
    }
    let (op, rest) = [
        ("==", Op::Eq),
        ("!=", Op::Ne),
        ("<>", Op::Ne),
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("=", Op::Eq),
        (">", Op::Gt),
        ("<", Op::Lt),
    ]
    .into_iter()
    .find_map(|(prefix, op)| word.strip_prefix(prefix).map(|rest| (Some(op), rest)))
    .unwrap_or((None, word));
    let partial = Partial::parse(rest.strip_prefix(['^', '~']).unwrap_or(rest))?;
    match (op, rest.chars().next()) {
        (Some(_), Some('^' | '~')) => None,
        (Some(op), _) => {
            if partial.wildcard {
                return None;
            }
            Some(vec![Condition::new(op, partial.lowest())])
        }
        (None, Some('^')) if !partial.wildcard => Some(caret(&partial)),
        (None, Some('~')) if !partial.wildcard => Some(tilde(&partial)),
        (None, Some('^' | '~')) => None,
        (None, _) if partial.wildcard || partial.parts.len() < 3 => Some(partial.range()),
        (None, _) => Some(vec![Condition::new(Op::Eq, partial.lowest())]),
    }
}

fn is_stability(flag: &str) -> bool {
    matches!(
        flag.to_ascii_lowercase().as_str(),
        "dev" | "alpha" | "beta" | "rc" | "stable"
    )
}

/// `^1.2.3`: up to the next change of the first non-zero part.
fn caret(partial: &Partial) -> Vec<Condition> {
    let parts = &partial.parts;
    let significant = parts
        .iter()
        .position(|part| *part != 0)
        .unwrap_or(parts.len().saturating_sub(1));
    vec![
        Condition::new(Op::Ge, partial.lowest()),
        Condition::new(Op::Lt, bumped(parts, significant)),
    ]
}

/// `~1.2` is `>=1.2 <2`; `~1.2.3` is `>=1.2.3 <1.3`: the last given part may grow.
fn tilde(partial: &Partial) -> Vec<Condition> {
    let parts = &partial.parts;
    let position = parts.len().saturating_sub(2);
    vec![
        Condition::new(Op::Ge, partial.lowest()),
        Condition::new(Op::Lt, bumped(parts, position)),
    ]
}

/// `1.0 - 2.1`: from the first, up to and including the second; a partial upper end means
/// its whole line (`- 2.1` is `<2.2`).
fn hyphen_range(low: &str, high: &str) -> Option<Vec<Condition>> {
    let low = Partial::parse(low)?;
    let high = Partial::parse(high)?;
    if low.wildcard || high.wildcard || low.parts.is_empty() || high.parts.is_empty() {
        return None;
    }
    let upper = if high.parts.len() >= 3 {
        Condition::new(Op::Le, high.lowest())
    } else {
        Condition::new(Op::Lt, bumped(&high.parts, high.parts.len() - 1))
    };
    Some(vec![Condition::new(Op::Ge, low.lowest()), upper])
}

/// The version with part `index` one higher and the parts after it zero.
fn bumped(parts: &[u64], index: usize) -> Version {
    let mut numbers = [0_u64; 3];
    for (slot, part) in numbers.iter_mut().zip(parts).take(index + 1) {
        *slot = *part;
    }
    if let Some(slot) = numbers.get_mut(index) {
        *slot = slot.saturating_add(1);
    }
    Version::new(numbers[0], numbers[1], numbers[2])
}

/// `v8.2`, `8.2.36`, `8.*`, `8.2.x`, `8.2.0-beta1`: the numbers given, whether a wildcard
/// ended them, and a pre-release.
struct Partial {
    parts: Vec<u64>,
    wildcard: bool,
    pre: semver::Prerelease,
}

impl Partial {
    fn parse(text: &str) -> Option<Self> {
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        let (numbers, pre) = match text.split_once('-') {
            Some((numbers, pre)) => (numbers, semver::Prerelease::new(pre).ok()?),
            None => (text, semver::Prerelease::EMPTY),
        };
        let mut parts = Vec::new();
        let mut wildcard = false;
        for (index, part) in numbers.split('.').enumerate() {
            if wildcard || index > 3 {
                return None;
            }
            if matches!(part, "*" | "x" | "X") {
                wildcard = true;
            } else if index == 3 {
                // Composer's fourth part; PHP and Composer releases have three.
                part.parse::<u64>().ok().filter(|part| *part == 0)?;
            } else {
                parts.push(part.parse::<u64>().ok()?);
            }
        }
        if wildcard && !pre.is_empty() {
            return None;
        }
        Some(Self {
            parts,
            wildcard,
            pre,
        })
    }

    /// The parts given, zeros for the rest.
    fn lowest(&self) -> Version {
        let part = |index: usize| self.parts.get(index).copied().unwrap_or(0);
        let mut version = Version::new(part(0), part(1), part(2));
        version.pre = self.pre.clone();
        version
    }

    /// `8.2.*`: the line the given parts name.
    fn range(&self) -> Vec<Condition> {
        if self.parts.is_empty() {
            return Vec::new();
        }
        vec![
            Condition::new(Op::Ge, self.lowest()),
            Condition::new(Op::Lt, bumped(&self.parts, self.parts.len() - 1)),
        ]
    }
}

impl VersionConstraint for ComposerConstraint {
    fn matches(&self, version: &Version) -> bool {
        self.alternatives.iter().any(|conditions| {
            conditions.iter().all(|condition| condition.holds(version))
                && (version.pre.is_empty()
                    || conditions.iter().any(|condition| {
                        !condition.version.pre.is_empty()
                            && (
                                condition.version.major,
                                condition.version.minor,
                                condition.version.patch,
                            ) == (version.major, version.minor, version.patch)
                    }))
        })
    }
}

impl Display for ComposerConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests;
