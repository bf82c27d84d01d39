//! CA bundles: PEM files concatenated, which is what OpenSSL (`SSL_CERT_FILE`), Go, Ruby, PHP,
//! curl and Node (`NODE_EXTRA_CA_CERTS`) read.

use crate::binding_certs::CertFile;
use std::path::Path;

/// `base` (a system bundle) followed by every file's PEM text, each ending in a newline.
#[must_use]
pub fn concatenate(base: Option<&[u8]>, files: &[CertFile]) -> Vec<u8> {
    let mut bundle = Vec::new();
    for part in base
        .into_iter()
        .chain(files.iter().map(|file| file.pem.as_slice()))
    {
        bundle.extend_from_slice(part);
        if !bundle.is_empty() && !bundle.ends_with(b"\n") {
            bundle.push(b'\n');
        }
    }
    bundle
}

/// The bundle a process trusts today: `SSL_CERT_FILE` when it names a file, else the system's.
#[must_use]
pub fn base_bundle(ssl_cert_file: Option<&Path>) -> Option<std::path::PathBuf> {
    ssl_cert_file
        .filter(|file| file.is_file())
        .map(Path::to_path_buf)
        .or_else(stowage_kit::certificates::system_bundle)
}

#[must_use]
pub fn total(files: &[CertFile]) -> usize {
    files.iter().map(|file| file.count).sum()
}

#[must_use]
pub fn certificates(count: usize) -> String {
    if count == 1 {
        "1 certificate".to_string()
    } else {
        format!("{count} certificates")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(pem: &str) -> CertFile {
        CertFile {
            binding: "b".to_string(),
            key: "k".to_string(),
            pem: pem.as_bytes().to_vec(),
            count: 1,
        }
    }

    #[test]
    fn joins_parts_on_their_own_lines() {
        let bundle = concatenate(Some(b"SYSTEM"), &[file("ONE\n"), file("TWO")]);
        assert_eq!(
            String::from_utf8(bundle).expect("utf-8"),
            "SYSTEM\nONE\nTWO\n"
        );
        assert_eq!(concatenate(None, &[file("ONE")]), b"ONE\n");
        assert_eq!(concatenate(Some(b""), &[]), b"");
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(
            certificates(total(&[file("a"), file("b")])),
            "2 certificates"
        );
        assert_eq!(certificates(1), "1 certificate");
    }

    #[test]
    fn ssl_cert_file_wins_when_it_exists() {
        let dir = tempfile::tempdir().expect("temp dir");
        let bundle = dir.path().join("bundle.crt");
        std::fs::write(&bundle, "x").expect("write");
        assert_eq!(base_bundle(Some(&bundle)), Some(bundle.clone()));
        let missing = dir.path().join("missing.crt");
        assert_eq!(
            base_bundle(Some(&missing)),
            stowage_kit::certificates::system_bundle()
        );
    }
}
