//! Memory sizes as the JVM flags write them: `1024`, `512k`, `240M`, `1G`, `64T`.

use std::fmt::{self, Display};

pub(crate) const KIB: u64 = 1024;
pub(crate) const MIB: u64 = 1024 * KIB;
pub(crate) const GIB: u64 = 1024 * MIB;
pub(crate) const TIB: u64 = 1024 * GIB;

/// A size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size(pub u64);

impl Size {
    /// Digits with an optional `k`, `m`, `g` or `t` (either case), as the JVM accepts them.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (digits, unit) = match text.char_indices().last()? {
            (at, c) if c.is_ascii_alphabetic() => (&text[..at], c.to_ascii_lowercase()),
            _ => (text, 'b'),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let factor = match unit {
            'b' => 1,
            'k' => KIB,
            'm' => MIB,
            'g' => GIB,
            't' => TIB,
            _ => return None,
        };
        digits.parse::<u64>().ok()?.checked_mul(factor).map(Size)
    }
}

/// Floored to whole kibibytes, in the largest unit that divides it exactly (Paketo's form).
impl Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kib = self.0 / KIB;
        if kib == 0 {
            return write!(f, "0");
        }
        for (unit, per) in [('T', GIB), ('G', MIB), ('M', KIB)] {
            if kib.is_multiple_of(per) {
                return write!(f, "{}{unit}", kib / per);
            }
        }
        write!(f, "{kib}K")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_unit_in_either_case() {
        assert_eq!(Size::parse("1024"), Some(Size(1024)));
        assert_eq!(Size::parse("512k"), Some(Size(512 * KIB)));
        assert_eq!(Size::parse("240M"), Some(Size(240 * MIB)));
        assert_eq!(Size::parse("1g"), Some(Size(GIB)));
        assert_eq!(Size::parse(" 64T "), Some(Size(64 * TIB)));
    }

    #[test]
    fn rejects_what_the_jvm_would_reject() {
        for bad in [
            "",
            "M",
            "1.5G",
            "-1M",
            "1X",
            "1MB",
            "99999999999999999999",
            "20000000T",
        ] {
            assert_eq!(Size::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn prints_floored_to_kib_in_the_largest_exact_unit() {
        assert_eq!(Size(0).to_string(), "0");
        assert_eq!(Size(1023).to_string(), "0");
        assert_eq!(Size(1025).to_string(), "1K");
        assert_eq!(Size(83_600_000).to_string(), "81640K");
        assert_eq!(Size(1536 * KIB).to_string(), "1536K");
        assert_eq!(Size(10 * MIB).to_string(), "10M");
        assert_eq!(Size(1536 * MIB).to_string(), "1536M");
        assert_eq!(Size(GIB).to_string(), "1G");
        assert_eq!(Size(64 * TIB).to_string(), "64T");
    }
}
