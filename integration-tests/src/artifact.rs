//! Dependency artifacts built inside a test.

use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One entry of a test tarball.
pub enum Entry<'a> {
    File {
        path: &'a str,
        content: &'a [u8],
        mode: u32,
    },
    Symlink {
        path: &'a str,
        target: &'a str,
    },
}

/// Writes a `.tar.gz` with the given entries and returns its path and sha256 hex.
#[must_use]
pub fn tar_gz(dir: &Path, name: &str, entries: &[Entry<'_>]) -> (PathBuf, String) {
    let path = dir.join(name);
    let file = fs_err::File::create(&path).expect("create tarball");
    let mut builder = tar::Builder::new(GzEncoder::new(file, Compression::fast()));
    for entry in entries {
        let mut header = tar::Header::new_gnu();
        match entry {
            Entry::File {
                path,
                content,
                mode,
            } => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_size(content.len() as u64);
                header.set_mode(*mode);
                builder
                    .append_data(&mut header, path, *content)
                    .expect("append file");
            }
            Entry::Symlink { path, target } => {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_size(0);
                header.set_mode(0o777);
                builder
                    .append_link(&mut header, path, target)
                    .expect("append symlink");
            }
        }
    }
    builder
        .into_inner()
        .expect("finish tar")
        .finish()
        .expect("finish gzip");
    let digest = sha256_hex(&path);
    (path, digest)
}

#[must_use]
pub fn sha256_hex(path: &Path) -> String {
    hex::encode(Sha256::digest(fs_err::read(path).expect("read artifact")))
}

/// A stand-in Node.js distribution in the upstream layout: `node-v<version>-linux-x64/...`,
/// whose `bin/node` prints the version the way `node --version` does.
#[must_use]
pub fn fake_node(dir: &Path, version: &str) -> (PathBuf, String) {
    let script = format!("#!/bin/sh\necho v{version}\n");
    let root = format!("node-v{version}-linux-x64");
    tar_gz(
        dir,
        &format!("{root}.tar.gz"),
        &[
            Entry::File {
                path: &format!("{root}/bin/node"),
                content: script.as_bytes(),
                mode: 0o755,
            },
            Entry::File {
                path: &format!("{root}/lib/node_modules/npm/bin/npm-cli.js"),
                content: b"#!/usr/bin/env node\n",
                mode: 0o755,
            },
            Entry::Symlink {
                path: &format!("{root}/bin/npm"),
                target: "../lib/node_modules/npm/bin/npm-cli.js",
            },
            Entry::File {
                path: &format!("{root}/LICENSE"),
                content: b"MIT\n",
                mode: 0o644,
            },
        ],
    )
}
