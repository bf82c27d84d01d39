//! Certificates users ask the build or the app to trust: checking that PEM text really holds
//! X.509 certificates, and finding the system's CA bundle. PEM is read with the same parser the
//! downloader uses (ureq's), so a file that works for one works for the other.

use std::path::{Path, PathBuf};
use ureq::tls::PemItem;

/// Where distributions keep their CA bundle, most common first (Debian and Ubuntu, RHEL and
/// Fedora, openSUSE, Alpine).
pub const SYSTEM_BUNDLES: [&str; 4] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// The system CA bundle of this machine, if it has one.
#[must_use]
pub fn system_bundle() -> Option<PathBuf> {
    system_bundle_under(Path::new("/"))
}

/// The system CA bundle of the file system rooted at `root`.
#[must_use]
pub fn system_bundle_under(root: &Path) -> Option<PathBuf> {
    SYSTEM_BUNDLES
        .iter()
        .map(|bundle| root.join(bundle.trim_start_matches('/')))
        .find(|bundle| bundle.is_file())
}

/// Why a text is not a list of certificates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PemProblem {
    /// No `-----BEGIN CERTIFICATE-----` section at all.
    NoCertificate,
    /// A private key: never something to trust, and never something to copy into an image.
    PrivateKey,
    /// A section that is not valid PEM (bad base64, a missing END line).
    Malformed(String),
    /// A certificate section whose content is not an X.509 certificate (1-based position).
    NotX509(usize),
}

impl PemProblem {
    /// The parser's own words, for an error's detail.
    #[must_use]
    pub fn detail(&self) -> Option<&str> {
        match self {
            PemProblem::Malformed(detail) => Some(detail),
            _ => None,
        }
    }

    /// One sentence for an error message.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            PemProblem::NoCertificate => {
                "It holds no PEM certificate (a `-----BEGIN CERTIFICATE-----` section).".to_string()
            }
            PemProblem::PrivateKey => {
                "It holds a private key; only certificates belong here.".to_string()
            }
            PemProblem::Malformed(_) => {
                "It is not valid PEM: a section's base64 is damaged, or its END line is missing."
                    .to_string()
            }
            PemProblem::NotX509(position) => {
                format!("Certificate number {position} in it is not an X.509 certificate.")
            }
        }
    }
}

/// The DER bytes of every certificate in `pem`; there must be at least one, and nothing else
/// that PEM can hold but a certificate. Text around the sections (comments) is allowed.
pub fn parse_certificates(pem: &[u8]) -> Result<Vec<Vec<u8>>, PemProblem> {
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(pem) {
        match item {
            Ok(PemItem::Certificate(certificate)) => {
                if !is_x509(certificate.der()) {
                    return Err(PemProblem::NotX509(certificates.len() + 1));
                }
                certificates.push(certificate.der().to_vec());
            }
            Ok(PemItem::PrivateKey(_)) => return Err(PemProblem::PrivateKey),
            Ok(_) => {}
            Err(error) => return Err(PemProblem::Malformed(error.to_string())),
        }
    }
    if certificates.is_empty() {
        return Err(PemProblem::NoCertificate);
    }
    Ok(certificates)
}

/// The outer shape of an X.509 certificate (RFC 5280 §4.1): a SEQUENCE of the to-be-signed
/// SEQUENCE, the algorithm SEQUENCE and the signature BIT STRING, with nothing left over.
/// Enough to tell a certificate from random base64.
fn is_x509(der: &[u8]) -> bool {
    let Some((0x30, body, [])) = tlv(der) else {
        return false;
    };
    let Some((0x30, _, rest)) = tlv(body) else {
        return false;
    };
    let Some((0x30, _, rest)) = tlv(rest) else {
        return false;
    };
    matches!(tlv(rest), Some((0x03, _, [])))
}

/// Splits one DER tag-length-value off the front: (tag, value, rest).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let (bytes, rest) = rest.split_at(count);
        let length = bytes
            .iter()
            .fold(0usize, |length, byte| (length << 8) | usize::from(*byte));
        (length, rest)
    };
    if rest.len() < length {
        return None;
    }
    let (value, rest) = rest.split_at(length);
    Some((tag, value, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    // A throwaway self-signed CA made only for tests.
    const PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBsDCCAVegAwIBAgIUf2TCFxc4pnd2tsTgDjffsfeg+54wCgYIKoZIzj0EAwIw
LjEsMCoGA1UEAwwjc3Rvd2FnZSBjYS1jZXJ0aWZpY2F0ZXMgdGVzdCBDQSBvbmUw
HhcNMjYxMTIxMTY0NjQ3WhcNMzYxMTE4MTY0NjQ3WjAuMSwwKgYDVQQDDCNzdG93
YWdlIGNhLWNlcnRpZmljYXRlcyB0ZXN0IENBIG9uZTBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABONliwKmLq1O6GMrmkoImTyd+B19PUzATKFE7LG9WoXyVW6ixzUk
/pVFMpv1bOxmMOg9b6yMOuDxxoxRizMJN1ijUzBRMB0GA1UdDgQWBBS3H4sLIu1E
MDwLL5FjvXifrA2YEjAfBgNVHSMEGDAWgBS3H4sLIu1EMDwLL5FjvXifrA2YEjAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIHmXVn8mJyL78TUhp5/S
xq9qT+hPMukllAhb4S8955H6AiAsFuGT3fYFIx1BviOpR0qJMwpDO1c/xXXSQpgp
XeBkcQ==
-----END CERTIFICATE-----
";

    #[test]
    fn reads_every_certificate_and_allows_comments() {
        let text = format!("# corporate root\n{PEM}\nsubject=whatever\n{PEM}");
        let certificates = parse_certificates(text.as_bytes()).expect("valid");
        assert_eq!(certificates.len(), 2);
        assert_eq!(certificates[0][0], 0x30);
    }

    #[test]
    fn rejects_text_without_certificates() {
        assert_eq!(parse_certificates(b""), Err(PemProblem::NoCertificate));
        assert_eq!(
            parse_certificates(b"just some text\n"),
            Err(PemProblem::NoCertificate)
        );
        let public_key = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        assert_eq!(
            parse_certificates(public_key.as_bytes()),
            Err(PemProblem::NoCertificate)
        );
    }

    #[test]
    fn rejects_private_keys_broken_pem_and_non_certificates() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEH\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            parse_certificates(format!("{PEM}{key}").as_bytes()),
            Err(PemProblem::PrivateKey)
        );
        let unterminated = PEM.replace("-----END CERTIFICATE-----\n", "");
        assert!(matches!(
            parse_certificates(unterminated.as_bytes()),
            Err(PemProblem::Malformed(_))
        ));
        let not_x509 = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
        assert_eq!(
            parse_certificates(format!("{PEM}{not_x509}").as_bytes()),
            Err(PemProblem::NotX509(2))
        );
    }

    #[test]
    fn every_problem_has_a_sentence() {
        let sentences: Vec<String> = [
            PemProblem::NoCertificate,
            PemProblem::PrivateKey,
            PemProblem::Malformed("bad base64".to_string()),
            PemProblem::NotX509(3),
        ]
        .iter()
        .map(PemProblem::describe)
        .collect();
        insta::assert_snapshot!(sentences.join("\n"));
    }

    #[test]
    fn finds_the_first_system_bundle_present() {
        let root = tempfile::tempdir().expect("temp dir");
        assert_eq!(system_bundle_under(root.path()), None);
        let rhel = root.path().join("etc/pki/tls/certs/ca-bundle.crt");
        std::fs::create_dir_all(rhel.parent().expect("parent")).expect("mkdir");
        std::fs::write(&rhel, PEM).expect("write");
        assert_eq!(system_bundle_under(root.path()), Some(rhel));
        let debian = root.path().join("etc/ssl/certs/ca-certificates.crt");
        std::fs::create_dir_all(debian.parent().expect("parent")).expect("mkdir");
        std::fs::write(&debian, PEM).expect("write");
        assert_eq!(system_bundle_under(root.path()), Some(debian));
    }
}
