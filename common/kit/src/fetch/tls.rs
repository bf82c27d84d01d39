//! Which CAs a download trusts: ureq's built-in web PKI roots, plus the system bundle, plus every
//! PEM file in `SSL_CERT_DIR` (where the ca-certificates buildpack adds corporate CAs, so a
//! TLS-intercepting proxy works).
//!
//! ureq takes either its web PKI roots or a list of certificates, never both. So a handshake is
//! tried with the extra certificates first and, when the server's certificate is not trusted by
//! them, again with the web PKI roots: a chain ends at one anchor, so accepting it when either
//! set trusts it is trusting the union.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use ureq::tls::{Certificate, PemItem, RootCerts};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustSources {
    pub cert_file: Option<PathBuf>,
    pub cert_dirs: Vec<PathBuf>,
}

impl TrustSources {
    /// `SSL_CERT_FILE`, else the system bundle if present; `SSL_CERT_DIR` split on `:`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let cert_file = lookup("SSL_CERT_FILE")
            .filter(|file| !file.is_empty())
            .map(PathBuf::from)
            .or_else(crate::certificates::system_bundle);
        let cert_dirs = lookup("SSL_CERT_DIR")
            .unwrap_or_default()
            .split(':')
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .collect();
        Self {
            cert_file,
            cert_dirs,
        }
    }

    /// Reads every certificate, once each. Unreadable files and non-PEM files are skipped, as
    /// OpenSSL does: one odd file in a shared folder must not stop downloads.
    #[must_use]
    pub fn load(&self) -> ExtraRoots {
        let mut roots = ExtraRoots::default();
        let mut seen = HashSet::new();
        let dir_files = self.cert_dirs.iter().flat_map(|dir| files_in(dir));
        for file in self.cert_file.iter().cloned().chain(dir_files) {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let before = roots.certificates.len();
            for item in ureq::tls::parse_pem(&bytes) {
                if let Ok(PemItem::Certificate(certificate)) = item
                    && seen.insert(certificate.der().to_vec())
                {
                    roots.certificates.push(certificate);
                }
            }
            if roots.certificates.len() > before {
                roots.files += 1;
            }
        }
        roots
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = listing
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Certificates trusted on top of the built-in roots.
#[derive(Clone, Debug, Default)]
pub struct ExtraRoots {
    pub certificates: Vec<Certificate<'static>>,
    /// Files that added at least one new certificate.
    pub files: usize,
}

impl ExtraRoots {
    /// The root sets to try in turn.
    #[must_use]
    pub fn root_sets(&self) -> Vec<RootCerts> {
        if self.certificates.is_empty() {
            vec![RootCerts::WebPki]
        } else {
            vec![
                RootCerts::new_with_certs(&self.certificates),
                RootCerts::WebPki,
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A throwaway self-signed CA (CN=stowage test CA), made only for this test.
    const PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBiTCCAS+gAwIBAgIUCgrfud7PmdcFQm+2y1LCPX5fVgMwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPc3Rvd2FnZSB0ZXN0IENBMB4XDTI2MTEyMTE2MjA0MVoXDTM2
MTExODE2MjA0MVowGjEYMBYGA1UEAwwPc3Rvd2FnZSB0ZXN0IENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEHrPn5N6sJTQRPQCvcTqXKoLImwB3DPQBlPiFLKqJ
7WXEFM5fLGtCr1HpCiZQJ/XRPhknynAjyT+f7annalexu6NTMFEwHQYDVR0OBBYE
FHb0NDe77xRtPgLDt9pPHeEykPqIMB8GA1UdIwQYMBaAFHb0NDe77xRtPgLDt9pP
HeEykPqIMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAIIDt+3b
Craz55v7w5nt+A3bErtw6g9HvHnjwmHwcvdgAiA+EKG3h9GHzGDIokmtxr9IAnVy
JzwVI33EsJUSnz7R9g==
-----END CERTIFICATE-----
";

    fn lookup<'a>(pairs: &'a [(&'a str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        }
    }

    #[test]
    fn loads_pem_files_from_every_cert_dir_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (first, second) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&first).expect("dir a");
        std::fs::create_dir_all(&second).expect("dir b");
        std::fs::write(first.join("corp.pem"), PEM).expect("pem");
        std::fs::write(second.join("same-again.crt"), PEM).expect("duplicate pem");
        std::fs::write(second.join("README"), "not a certificate").expect("text");
        let bundle = dir.path().join("bundle.crt");
        std::fs::write(&bundle, format!("{PEM}\n{PEM}")).expect("bundle");

        let vars = [
            (
                "SSL_CERT_DIR",
                format!("{}::{}", first.display(), second.display()),
            ),
            ("SSL_CERT_FILE", bundle.display().to_string()),
        ];
        let sources = TrustSources::from_lookup(lookup(&vars));
        assert_eq!(sources.cert_file.as_deref(), Some(bundle.as_path()));
        assert_eq!(sources.cert_dirs, [first, second]);

        let roots = sources.load();
        assert_eq!(roots.certificates.len(), 1, "one distinct certificate");
        assert_eq!(roots.files, 1);
        assert_eq!(roots.root_sets().len(), 2, "extra roots, then the web PKI");
    }

    #[test]
    fn counts_distinct_certificates_across_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("one.pem"), PEM).expect("pem");
        let other = PEM.replace("JzwVI33EsJUSnz7R9g==", "JzwVI33EsJUSnz7R9Q==");
        std::fs::write(dir.path().join("two.pem"), other).expect("pem");
        let sources = TrustSources {
            cert_file: Some(dir.path().join("missing.crt")),
            cert_dirs: vec![dir.path().to_path_buf(), dir.path().join("absent")],
        };
        let roots = sources.load();
        assert_eq!((roots.certificates.len(), roots.files), (2, 2));
    }

    #[test]
    fn nothing_extra_means_web_pki_only() {
        let roots = TrustSources::default().load();
        assert!(roots.certificates.is_empty());
        assert!(matches!(roots.root_sets().as_slice(), [RootCerts::WebPki]));
    }
}
