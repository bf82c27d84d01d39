//! Turns a verified download into files: unpack an archive, or place a single file.

use super::errors::{Context, mislabelled_archive, unsupported_archive, write_failed};
use super::tree::Tree;
use super::{untar, unzip};
use crate::Error;
use flate2::read::MultiGzDecoder;
use liblzma::read::XzDecoder;
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    TarGz,
    TarXz,
    Tar,
    Zip,
    /// Not an archive: placed as is.
    File,
}

impl Format {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::TarGz => "tar.gz",
            Format::TarXz => "tar.xz",
            Format::Tar => "tar",
            Format::Zip => "zip",
            Format::File => "file",
        }
    }
}

pub(crate) struct Request<'a> {
    pub download: &'a Path,
    pub into: &'a Path,
    /// The dependency's file name, which decides the format and names a single file.
    pub name: &'a str,
    pub strip: usize,
    pub executable: bool,
    pub max_unpacked: u64,
}

pub(crate) fn unpack(request: &Request<'_>, context: &Context) -> Result<Format, Error> {
    let open =
        || File::open(request.download).map_err(|error| write_failed(request.download, &error));
    let format = detect(request.name, &head(&mut open()?), context)?;
    let mut tree =
        Tree::new(request.into, request.strip, format.name(), context).limit(request.max_unpacked);
    match format {
        Format::TarGz => untar::unpack(
            MultiGzDecoder::new(BufReader::new(open()?)),
            &mut tree,
            "tar.gz",
            context,
        )?,
        Format::TarXz => untar::unpack(
            XzDecoder::new_multi_decoder(BufReader::new(open()?)),
            &mut tree,
            "tar.xz",
            context,
        )?,
        Format::Tar => untar::unpack(BufReader::new(open()?), &mut tree, "tar", context)?,
        Format::Zip => unzip::unpack(open()?, &mut tree, context)?,
        Format::File => return place_file(request).map(|()| Format::File),
    }
    tree.finish()?;
    Ok(format)
}

/// The name decides; a name without an extension falls back on the first bytes. A name with
/// some other extension (`.jar`, `.phar`) is a single file even if it is a zip inside. An
/// archive name whose first bytes are those of another archive format is refused.
fn detect(name: &str, head: &[u8], context: &Context) -> Result<Format, Error> {
    let named = by_name(name, context)?;
    let sniffed = sniff(head);
    match named {
        Some(Format::File) => Ok(Format::File),
        Some(named) => match sniffed {
            Format::File => Ok(named),
            sniffed if sniffed == named => Ok(named),
            sniffed => Err(mislabelled_archive(context, name, named, sniffed)),
        },
        None => Ok(sniffed),
    }
}

/// The format a file name says, `None` for a name without an extension.
fn by_name(name: &str, context: &Context) -> Result<Option<Format>, Error> {
    let lower = name.to_ascii_lowercase();
    let ends = |suffixes: &[&str]| suffixes.iter().any(|suffix| lower.ends_with(suffix));
    if ends(&[".tar.gz", ".tgz"]) {
        return Ok(Some(Format::TarGz));
    }
    if ends(&[".tar.xz", ".txz"]) {
        return Ok(Some(Format::TarXz));
    }
    if ends(&[".tar"]) {
        return Ok(Some(Format::Tar));
    }
    if ends(&[".zip"]) {
        return Ok(Some(Format::Zip));
    }
    if ends(&[
        ".tar.bz2", ".tbz2", ".tbz", ".tar.zst", ".tzst", ".7z", ".rar",
    ]) {
        return Err(unsupported_archive(context, name));
    }
    Ok(has_extension(&lower).then_some(Format::File))
}

/// The archive format the first bytes show; `File` when they show none (a tar without the
/// ustar magic of POSIX and GNU tar included).
fn sniff(head: &[u8]) -> Format {
    match head {
        [0x1f, 0x8b, ..] => Format::TarGz,
        [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => Format::TarXz,
        [b'P', b'K', 0x03, 0x04, ..] => Format::Zip,
        _ if head.get(257..262) == Some(b"ustar".as_slice()) => Format::Tar,
        _ => Format::File,
    }
}

/// `.jar` is an extension; the `.1-linux-x64` of `node-v24.18.1-linux-x64` is not.
fn has_extension(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && (1..=5).contains(&extension.len())
            && extension.bytes().all(|b| b.is_ascii_alphanumeric())
            && extension.bytes().any(|b| b.is_ascii_alphabetic())
    })
}

fn head(file: &mut File) -> Vec<u8> {
    let mut head = Vec::with_capacity(512);
    // A short or unreadable head just means no magic bytes.
    let _ = file.take(512).read_to_end(&mut head);
    head
}

fn place_file(request: &Request<'_>) -> Result<(), Error> {
    let path = request.into.join(request.name);
    fs::rename(request.download, &path).map_err(|error| write_failed(&path, &error))?;
    let mode = if request.executable { 0o755 } else { 0o644 };
    fs::set_permissions(&path, fs::Permissions::from_mode(mode))
        .map_err(|error| write_failed(&path, &error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context {
            what: "x 1.0.0".to_string(),
            uri: "https://h/x".to_string(),
            source: super::super::Source::Upstream,
            reason: "upstream".to_string(),
        }
    }

    #[test]
    fn names_decide_then_magic_bytes() {
        let context = context();
        let detect = |name: &str, head: &[u8]| detect(name, head, &context).expect("format");
        assert_eq!(detect("node-v24.18.1-linux-x64.tar.gz", b""), Format::TarGz);
        assert_eq!(detect("X.TGZ", b""), Format::TarGz);
        assert_eq!(detect("php.tar.xz", b""), Format::TarXz);
        assert_eq!(detect("a.tar", b""), Format::Tar);
        assert_eq!(detect("dotnet.zip", b""), Format::Zip);
        assert_eq!(detect("maven-wrapper.jar", b"PK\x03\x04"), Format::File);
        assert_eq!(detect("composer.phar", b"#!/usr/bin/env php"), Format::File);
        assert_eq!(detect("download", b"\x1f\x8b\x08"), Format::TarGz);
        assert_eq!(
            detect("node-v24.18.1-linux-x64", b"\xfd7zXZ\x00"),
            Format::TarXz
        );
        assert_eq!(detect("jq-1.7.1", b"PK\x03\x04"), Format::Zip);
        assert_eq!(detect("jq-linux-amd64", b"\x7fELF"), Format::File);
        let mut tar_head = vec![0; 512];
        tar_head[257..262].copy_from_slice(b"ustar");
        assert_eq!(detect("blob", &tar_head), Format::Tar);
    }

    #[test]
    fn refuses_archive_formats_it_cannot_read() {
        let error = detect("ruby.tar.bz2", b"", &context()).expect_err("unsupported");
        insta::assert_snapshot!(error.render());
    }
}
