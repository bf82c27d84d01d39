//! Requests to upstreams through the kit's download code (retries, proxy, TLS): small answers
//! kept in memory for the run, artifacts downloaded once into a scratch folder and hashed.

use super::errors::{unexpected_answer, upstream_failed};
use sha1::Digest as _;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;
use stowage_kit::Error;
use stowage_kit::checksum::{Algorithm, Checksum};
use stowage_kit::fetch::{FetchOptions, NoProgress, download_to};

/// The digests of one downloaded file, lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digests {
    pub sha1: String,
    pub sha256: String,
    pub sha512: String,
}

impl Digests {
    #[must_use]
    pub fn checksum(&self, algorithm: Algorithm) -> Checksum {
        let hex = match algorithm {
            Algorithm::Sha256 => &self.sha256,
            Algorithm::Sha512 => &self.sha512,
        };
        Checksum {
            algorithm,
            hex: hex.clone(),
        }
    }
}

pub struct Http {
    options: FetchOptions,
    scratch: tempfile::TempDir,
    answers: RefCell<BTreeMap<String, String>>,
    /// Digests of artifacts already downloaded (a source shared by several platforms), by
    /// URL; with `checked:` in front when a check of the bytes passed too.
    digests: RefCell<BTreeMap<String, Digests>>,
}

impl Http {
    pub fn new(options: FetchOptions) -> std::io::Result<Self> {
        Ok(Self {
            options,
            scratch: tempfile::tempdir()?,
            answers: RefCell::new(BTreeMap::new()),
            digests: RefCell::new(BTreeMap::new()),
        })
    }

    /// A text answer (a version list, a checksum file); asked once per run.
    pub fn text(&self, upstream: &str, what: &str, url: &str) -> Result<String, Error> {
        if let Some(text) = self.answers.borrow().get(url) {
            return Ok(text.clone());
        }
        let path = self.scratch.path().join("answer");
        download_to(what, url, &path, &self.options, &mut NoProgress)
            .map_err(|error| upstream_failed(upstream, what, url, &error))?;
        let bytes = fs_err::read(&path).map_err(|error| {
            upstream_failed(
                upstream,
                what,
                url,
                &Error::new("update/io", "", error.to_string()),
            )
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| unexpected_answer(upstream, what, url, "The answer is not UTF-8 text"))?;
        self.answers
            .borrow_mut()
            .insert(url.to_string(), text.clone());
        Ok(text)
    }

    /// Downloads an artifact once and returns its digests; the bytes are not kept.
    pub fn artifact(&self, upstream: &str, what: &str, url: &str) -> Result<Digests, Error> {
        self.download(upstream, what, url, url.to_string(), |_| Ok(()))
    }

    /// As [`Http::artifact`], after `check` accepted the downloaded bytes (a signature over
    /// them); meant for sources, which are small.
    pub fn artifact_checked(
        &self,
        upstream: &str,
        what: &str,
        url: &str,
        check: impl FnOnce(&[u8]) -> Result<(), Error>,
    ) -> Result<Digests, Error> {
        self.download(upstream, what, url, format!("checked:{url}"), |path| {
            let bytes = fs_err::read(path).map_err(|error| {
                upstream_failed(
                    upstream,
                    what,
                    url,
                    &Error::new("update/io", "", error.to_string()),
                )
            })?;
            check(&bytes)
        })
    }

    fn download(
        &self,
        upstream: &str,
        what: &str,
        url: &str,
        key: String,
        check: impl FnOnce(&std::path::Path) -> Result<(), Error>,
    ) -> Result<Digests, Error> {
        if let Some(digests) = self.digests.borrow().get(&key) {
            return Ok(digests.clone());
        }
        let path = self.scratch.path().join("artifact");
        download_to(what, url, &path, &self.options, &mut NoProgress)
            .map_err(|error| upstream_failed(upstream, what, url, &error))?;
        let result = check(&path).and_then(|()| {
            digests(&path).map_err(|error| {
                upstream_failed(
                    upstream,
                    what,
                    url,
                    &Error::new("update/io", "", error.to_string()),
                )
            })
        });
        let _ = fs_err::remove_file(&path);
        let digests = result?;
        self.digests.borrow_mut().insert(key, digests.clone());
        Ok(digests)
    }
}

fn digests(path: &std::path::Path) -> std::io::Result<Digests> {
    let mut file = fs_err::File::open(path)?;
    let (mut sha1, mut sha256, mut sha512) =
        (sha1::Sha1::new(), sha2::Sha256::new(), sha2::Sha512::new());
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        sha1.update(&buffer[..read]);
        sha256.update(&buffer[..read]);
        sha512.update(&buffer[..read]);
    }
    Ok(Digests {
        sha1: hex::encode(sha1.finalize()),
        sha256: hex::encode(sha256.finalize()),
        sha512: hex::encode(sha512.finalize()),
    })
}
