//! The certificates a Java runtime trusts, written as the JKS key store of trusted-certificate
//! entries that every Java reads as its trust store (`lib/security/cacerts`, or the file
//! `-Djavax.net.ssl.trustStore` names; Java 9 and later read JKS as well as PKCS12).
//!
//! Paketo's runtimes load the system's CA bundle and `ca-certificates` bindings into the
//! runtime's trust store at build and at launch; so do ours, from PEM files.

use sha1::{Digest, Sha1};
use std::collections::HashSet;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::certificates::{PemProblem, parse_certificates};

/// The password of every JDK's `cacerts`; a JKS file's integrity digest is keyed with it.
pub const PASSWORD: &str = "changeit";

const MAGIC: u32 = 0xFEED_FEED;
const VERSION: u32 = 2;
const TRUSTED_CERTIFICATE_ENTRY: u32 = 2;
/// The JKS format's fixed salt for the integrity digest.
const DIGEST_SALT: &[u8] = b"Mighty Aphrodite";

/// Certificates (DER) in the order they were added, each once.
#[derive(Debug, Default)]
pub struct Truststore {
    certificates: Vec<Vec<u8>>,
    seen: HashSet<Vec<u8>>,
}

impl Truststore {
    /// Adds the certificates of PEM text; returns how many were new.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<usize, PemProblem> {
        let before = self.certificates.len();
        for certificate in parse_certificates(pem)? {
            if self.seen.insert(certificate.clone()) {
                self.certificates.push(certificate);
            }
        }
        Ok(self.certificates.len() - before)
    }

    /// Adds the certificates of a PEM file; a file that is not PEM certificates fails with
    /// `id`, naming the file and what is wrong with it.
    pub fn add_pem_file(&mut self, path: &Path, id: &'static str) -> Result<usize, Error> {
        let pem = fs_err::read(path).map_err(|error| {
            Error::new(
                id,
                format!("The certificate file {} could not be read", path.display()),
                "Check that the file exists and is readable, or remove it.",
            )
            .file(path)
            .debug(error)
        })?;
        self.add_pem(&pem).map_err(|problem| {
            Error::new(
                id,
                format!("The certificate file {} holds no usable certificate", path.display()),
                format!(
                    "{} Give it PEM certificates (`-----BEGIN CERTIFICATE-----` sections), or remove it.",
                    problem.describe()
                ),
            )
            .file(path)
        })
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.certificates.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }

    /// The JKS bytes: no creation times (every entry at the epoch), so the same certificates
    /// always give the same file, and a layer that holds it the same digest.
    #[must_use]
    pub fn to_jks(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(MAGIC.to_be_bytes());
        out.extend(VERSION.to_be_bytes());
        out.extend(
            u32::try_from(self.certificates.len())
                .unwrap_or(u32::MAX)
                .to_be_bytes(),
        );
        for (index, certificate) in self.certificates.iter().enumerate() {
            out.extend(TRUSTED_CERTIFICATE_ENTRY.to_be_bytes());
            java_utf(&mut out, &format!("stowage-{index}"));
            out.extend(0u64.to_be_bytes());
            java_utf(&mut out, "X.509");
            out.extend(
                u32::try_from(certificate.len())
                    .unwrap_or(u32::MAX)
                    .to_be_bytes(),
            );
            out.extend(certificate);
        }
        let mut digest = Sha1::new();
        // Java hashes the password's chars as UTF-16 big-endian.
        for unit in PASSWORD.encode_utf16() {
            digest.update(unit.to_be_bytes());
        }
        digest.update(DIGEST_SALT);
        digest.update(&out);
        out.extend(digest.finalize());
        out
    }

    /// Writes the trust store to `path` through a file beside it, so a reader never sees half
    /// of one.
    pub fn write(&self, path: &Path) -> Result<(), std::io::Error> {
        let partial = path.with_extension("partial");
        fs_err::write(&partial, self.to_jks())?;
        fs_err::rename(&partial, path)
    }
}

/// `DataOutputStream.writeUTF` for ASCII text: a two-byte length, then the bytes.
fn java_utf(out: &mut Vec<u8>, text: &str) {
    out.extend(u16::try_from(text.len()).unwrap_or(u16::MAX).to_be_bytes());
    out.extend(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::test_ca_pem;

    #[test]
    fn repeats_are_stored_once() {
        let mut store = Truststore::default();
        let pem = test_ca_pem();
        assert_eq!(store.add_pem(format!("{pem}{pem}").as_bytes()), Ok(1));
        assert_eq!(store.add_pem(pem.as_bytes()), Ok(0));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn the_jks_layout_and_digest_are_javas() {
        let mut store = Truststore::default();
        store.add_pem(test_ca_pem().as_bytes()).expect("pem");
        let jks = store.to_jks();
        assert_eq!(jks[..12], [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1]);
        assert_eq!(jks[12..16], [0, 0, 0, 2], "a trusted-certificate entry");
        assert_eq!(&jks[16..27], b"\x00\x09stowage-0");
        let (body, digest) = jks.split_at(jks.len() - 20);
        let mut expected = Sha1::new();
        for unit in "changeit".encode_utf16() {
            expected.update(unit.to_be_bytes());
        }
        expected.update(b"Mighty Aphrodite");
        expected.update(body);
        assert_eq!(digest, expected.finalize().as_slice());
    }

    #[test]
    fn a_file_without_certificates_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("ca.pem");
        fs_err::write(&file, "not a certificate").expect("write");
        let error = Truststore::default()
            .add_pem_file(&file, "jvm/bad-certificate")
            .expect_err("refused");
        let rendered = error
            .render()
            .replace(&dir.path().display().to_string(), "<dir>");
        insta::assert_snapshot!(rendered);
    }
}
