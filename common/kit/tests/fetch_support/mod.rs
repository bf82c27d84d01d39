//! Shared by the fetch_* tests: dependencies, the test mirror on 127.0.0.1 serving files,
//! archives, a progress recorder, and redaction for snapshots.

#![allow(dead_code)] // each test file uses a different part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use stowage_kit::checksum::{Algorithm, Hasher};
use stowage_kit::fetch::{FetchOptions, Progress};
use stowage_kit::inventory::Dependency;
use stowage_test_mirror::Mirror;

pub(crate) fn sha256(bytes: &[u8]) -> String {
    let mut hasher = Hasher::new(Algorithm::Sha256);
    hasher.update(bytes);
    hasher.finish().to_string()
}

pub(crate) fn dependency(uri: &str, bytes: &[u8], strip_components: usize) -> Dependency {
    toml::from_str(&format!(
        r#"
        id = "node"
        name = "Node.js"
        version = "24.18.1"
        uri = "{uri}"
        checksum = "{}"
        strip-components = {strip_components}
        "#,
        sha256(bytes)
    ))
    .expect("dependency")
}

/// Small waits and timeouts so failures are quick.
pub(crate) fn quick_options() -> FetchOptions {
    FetchOptions {
        attempts: 3,
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_millis(200),
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(2),
        ..FetchOptions::default()
    }
}

/// A layers folder with an empty layer folder in it, as libcnb hands one over.
pub(crate) struct Layers {
    pub dir: tempfile::TempDir,
    pub target: PathBuf,
    /// Where test archives are written, apart from the layers folder.
    pub sources: tempfile::TempDir,
}

impl Layers {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("node");
        std::fs::create_dir(&target).expect("layer dir");
        let sources = tempfile::tempdir().expect("tempdir");
        Self {
            dir,
            target,
            sources,
        }
    }

    /// Everything under the layers folder, relative, sorted: proves what was left behind.
    pub(crate) fn listing(&self) -> Vec<String> {
        let mut found = Vec::new();
        walk(self.dir.path(), self.dir.path(), &mut found);
        found.sort();
        found
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        let text = text.replace(&self.sources.path().display().to_string(), "[SOURCES]");
        redact(&text, self.dir.path())
    }
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        found.push(
            path.strip_prefix(root)
                .expect("inside")
                .display()
                .to_string(),
        );
        if path.is_dir() && !path.is_symlink() {
            walk(root, &path, found);
        }
    }
}

/// Hides temp paths and ports so snapshots are stable.
pub(crate) fn redact(text: &str, temp: &Path) -> String {
    let ports = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("regex");
    let text = text.replace(&temp.display().to_string(), "[TMP]");
    ports.replace_all(&text, "127.0.0.1:[PORT]").into_owned()
}

#[derive(Default, Debug)]
pub(crate) struct Recorder {
    pub started: Vec<Option<u64>>,
    pub received: u64,
    pub retries: Vec<(u32, String, Duration)>,
    pub debug: Vec<String>,
}

impl Progress for Recorder {
    fn started(&mut self, total: Option<u64>) {
        self.started.push(total);
        self.received = 0;
    }
    fn advanced(&mut self, received: u64) {
        assert!(
            received >= self.received,
            "progress only grows within an attempt"
        );
        self.received = received;
    }
    fn retrying(&mut self, attempt: u32, reason: &str, wait: Duration) {
        self.retries.push((attempt, reason.to_string(), wait));
    }
    fn debug(&mut self, text: &str) {
        self.debug.push(text.to_string());
    }
}

/// A mirror on 127.0.0.1 serving `files` (path under the root, content) from a temp folder,
/// which the caller keeps while the mirror serves.
pub(crate) fn serve(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Mirror) {
    let root = write_files(files);
    let mirror = Mirror::start(root.path());
    (root, mirror)
}

/// The same over HTTPS, with a certificate from the mirror's own CA ([`Mirror::ca_pem`]).
pub(crate) fn serve_tls(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Mirror) {
    let root = write_files(files);
    let mirror = Mirror::start_tls(root.path());
    (root, mirror)
}

fn write_files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    for (path, content) in files {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    }
    root
}

/// One tar entry; names are written raw, so tests can build archives `tar::Builder` refuses.
pub(crate) enum Entry<'a> {
    Dir(&'a str),
    File(&'a str, &'a [u8], u32),
    Symlink(&'a str, &'a str),
    Hardlink(&'a str, &'a str),
}

pub(crate) fn tar(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        let (kind, name, link, data, mode): (tar::EntryType, &str, &str, &[u8], u32) = match entry {
            Entry::Dir(name) => (tar::EntryType::Directory, name, "", b"", 0o755),
            Entry::File(name, data, mode) => (tar::EntryType::Regular, name, "", data, *mode),
            Entry::Symlink(name, target) => (tar::EntryType::Symlink, name, target, b"", 0o777),
            Entry::Hardlink(name, target) => (tar::EntryType::Link, name, target, b"", 0o644),
        };
        let mut header = tar::Header::new_gnu();
        header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        header.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
        header.set_entry_type(kind);
        header.set_mode(mode);
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder.append(&header, data).expect("append");
    }
    builder.into_inner().expect("tar")
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

pub(crate) fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = liblzma::write::XzEncoder::new(Vec::new(), 1);
    encoder.write_all(bytes).expect("xz");
    encoder.finish().expect("xz")
}

/// A zip with files (name, content, unix mode) and symlinks (name, target).
pub(crate) fn zip(files: &[(&str, &[u8], u32)], links: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data, mode) in files {
        let options = zip::write::SimpleFileOptions::default().unix_permissions(*mode);
        writer.start_file(*name, options).expect("zip file");
        writer.write_all(data).expect("zip data");
    }
    for (name, target) in links {
        writer
            .add_symlink(*name, *target, zip::write::SimpleFileOptions::default())
            .expect("zip symlink");
    }
    writer.finish().expect("zip").into_inner()
}

pub(crate) fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}
