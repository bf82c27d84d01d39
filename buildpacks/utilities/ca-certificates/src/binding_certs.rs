//! Certificates from bindings of type `ca-certificates`: each key is a file name and its value
//! one or more PEM certificates. Every key is checked, so a wrong file fails clearly here
//! instead of as a TLS error much later.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::certificates::parse_certificates;

pub const BINDING_TYPE: &str = "ca-certificates";

/// One key of one binding, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertFile {
    pub binding: String,
    pub key: String,
    /// As written: the PEM text, comments and all.
    pub pem: Vec<u8>,
    pub count: usize,
}

/// Every certificate file of every `ca-certificates` binding, in binding then key order, and a
/// warning for each such binding without keys.
pub fn from_bindings(bindings: &Bindings) -> Result<(Vec<CertFile>, Vec<Error>), Error> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for binding in bindings.of_type(BINDING_TYPE) {
        if binding.keys().next().is_none() {
            warnings.push(errors::empty_binding(&binding.name));
        }
        for key in binding.keys() {
            let path = binding.path_of(key).unwrap_or(&binding.path);
            files.push(read(&binding.name, key, path)?);
        }
    }
    Ok((files, warnings))
}

/// Certificates kept in the image as `<dir>/<binding>/<key>`; a missing dir means none.
pub fn from_dir(dir: &Path) -> Result<Vec<CertFile>, Error> {
    let mut files = Vec::new();
    for binding in sorted_entries(dir)? {
        let name = file_name(&binding);
        for key in sorted_entries(&binding)? {
            files.push(read(&name, &file_name(&key), &key)?);
        }
    }
    Ok(files)
}

fn read(binding: &str, key: &str, path: &Path) -> Result<CertFile, Error> {
    let pem =
        std::fs::read(path).map_err(|error| errors::unreadable_key(binding, key, path, &error))?;
    let count = parse_certificates(&pem)
        .map_err(|problem| {
            let error = errors::invalid_pem(binding, key, &problem.describe());
            match problem.detail() {
                Some(detail) => error.debug(detail),
                None => error,
            }
        })?
        .len();
    Ok(CertFile {
        binding: binding.to_string(),
        key: key.to_string(),
        pem,
        count,
    })
}

fn sorted_entries(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(errors::unreadable_embedded(dir, &error));
        }
    };
    let mut entries: Vec<_> = listing
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const CA: &str = include_str!("../tests/fixtures/ca-one.pem");

    fn binding(root: &Path, name: &str, kind: &str, keys: &[(&str, &str)]) {
        let dir = root.join(name);
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(dir.join("type"), kind).expect("type");
        for (key, value) in keys {
            fs::write(dir.join(key), value).expect("key");
        }
    }

    #[test]
    fn reads_every_key_of_every_ca_certificates_binding() {
        let root = tempfile::tempdir().expect("temp dir");
        binding(
            root.path(),
            "b-corp",
            "ca-certificates",
            &[("z.pem", CA), ("a.crt", &format!("{CA}{CA}"))],
        );
        binding(
            root.path(),
            "a-proxy",
            "CA-Certificates",
            &[("proxy.pem", CA)],
        );
        binding(
            root.path(),
            "mirror",
            "dependency-mirror",
            &[("default", "https://m")],
        );
        let bindings = Bindings::read(root.path()).expect("bindings");
        let (files, warnings) = from_bindings(&bindings).expect("valid");
        let summary: Vec<_> = files
            .iter()
            .map(|f| format!("{}/{} {}", f.binding, f.key, f.count))
            .collect();
        assert_eq!(
            summary,
            ["a-proxy/proxy.pem 1", "b-corp/a.crt 2", "b-corp/z.pem 1"]
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_key_that_is_not_a_certificate_names_binding_and_key() {
        let root = tempfile::tempdir().expect("temp dir");
        binding(
            root.path(),
            "corp",
            "ca-certificates",
            &[("corp.pem", "not a certificate\n")],
        );
        let bindings = Bindings::read(root.path()).expect("bindings");
        let error = from_bindings(&bindings).expect_err("invalid");
        let problem = "It holds no PEM certificate (a `-----BEGIN CERTIFICATE-----` section).";
        assert_eq!(error, errors::invalid_pem("corp", "corp.pem", problem));
    }

    #[test]
    fn a_binding_without_keys_warns() {
        let root = tempfile::tempdir().expect("temp dir");
        binding(root.path(), "corp", "ca-certificates", &[]);
        let bindings = Bindings::read(root.path()).expect("bindings");
        let (files, warnings) = from_bindings(&bindings).expect("valid");
        assert!(files.is_empty());
        assert_eq!(warnings, [errors::empty_binding("corp")]);
    }

    #[test]
    fn reads_embedded_certificates_by_binding_and_key() {
        let root = tempfile::tempdir().expect("temp dir");
        assert_eq!(from_dir(&root.path().join("absent")), Ok(vec![]));
        fs::create_dir_all(root.path().join("corp")).expect("mkdir");
        fs::write(root.path().join("corp/ca.pem"), CA).expect("write");
        let files = from_dir(root.path()).expect("valid");
        assert_eq!(
            (files[0].binding.as_str(), files[0].key.as_str()),
            ("corp", "ca.pem")
        );
        fs::write(root.path().join("corp/bad.pem"), "garbage").expect("write");
        assert_eq!(
            from_dir(root.path()).expect_err("invalid").id,
            "ca-certificates/invalid-pem"
        );
    }
}
