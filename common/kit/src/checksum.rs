//! Dependency checksums: `sha256:<hex>`, `sha512:<hex>`, or bare hex (sha256).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Digest;
use std::fmt::{self, Display};
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    Sha256,
    Sha512,
}

impl Algorithm {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
    }
}

/// An expected digest. Always stored lower-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Checksum {
    pub algorithm: Algorithm,
    pub hex: String,
}

#[derive(Debug, PartialEq, Eq)]
pub struct InvalidChecksum(pub String);

impl Display for InvalidChecksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a checksum: expected `sha256:<64 hex digits>`, `sha512:<128 hex digits>` or 64 bare hex digits",
            self.0
        )
    }
}

impl std::error::Error for InvalidChecksum {}

impl FromStr for Checksum {
    type Err = InvalidChecksum;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (algorithm, hex) = match text.split_once(':') {
            Some(("sha256", hex)) => (Algorithm::Sha256, hex),
            Some(("sha512", hex)) => (Algorithm::Sha512, hex),
            Some(_) => return Err(InvalidChecksum(text.to_string())),
            None => (Algorithm::Sha256, text),
        };
        if hex.len() != algorithm.hex_len() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(InvalidChecksum(text.to_string()));
        }
        Ok(Self {
            algorithm,
            hex: hex.to_ascii_lowercase(),
        })
    }
}

impl Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm.name(), self.hex)
    }
}

impl Serialize for Checksum {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Checksum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Computes a digest while bytes stream through it.
pub enum Hasher {
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Hasher {
    #[must_use]
    pub fn new(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            Algorithm::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha256(hasher) => hasher.update(bytes),
            Hasher::Sha512(hasher) => hasher.update(bytes),
        }
    }

    #[must_use]
    pub fn finish(self) -> Checksum {
        match self {
            Hasher::Sha256(hasher) => Checksum {
                algorithm: Algorithm::Sha256,
                hex: hex::encode(hasher.finalize()),
            },
            Hasher::Sha512(hasher) => Checksum {
                algorithm: Algorithm::Sha512,
                hex: hex::encode(hasher.finalize()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA256_EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn parses_prefixed_and_bare_forms() {
        let prefixed: Checksum = format!("sha256:{SHA256_EMPTY}").parse().expect("valid");
        let bare: Checksum = SHA256_EMPTY.to_uppercase().parse().expect("valid");
        assert_eq!(prefixed, bare);
        assert_eq!(bare.to_string(), format!("sha256:{SHA256_EMPTY}"));
    }

    #[test]
    fn rejects_wrong_length_unknown_algorithm_and_non_hex() {
        for text in [
            "sha256:abc",
            "md5:abcd",
            &format!("sha512:{SHA256_EMPTY}"),
            &"z".repeat(64),
        ] {
            assert!(text.parse::<Checksum>().is_err(), "{text}");
        }
    }

    #[test]
    fn hasher_matches_known_digests() {
        let mut hasher = Hasher::new(Algorithm::Sha256);
        hasher.update(b"");
        assert_eq!(hasher.finish().hex, SHA256_EMPTY);
        let mut hasher = Hasher::new(Algorithm::Sha512);
        hasher.update(b"abc");
        assert!(hasher.finish().hex.starts_with("ddaf35a193617aba"));
    }
}
