//! A layer as a gzip'd tar written straight into a layout's blob folder: entries sorted by
//! path, fixed mtimes, so the same input gives the same diffID and digest.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::NORMALIZED_MTIME;
use crate::Result;

/// How a folder tree's entries are owned and moded in a layer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TreeStyle {
    /// As pack writes a buildpack: owned by root, folders and executables 0755, files 0644.
    Normalized,
    /// As the files are on disk (owner, mode, hard links): an image's root folder.
    Preserved,
}

enum Source {
    Dir,
    File(PathBuf),
    Bytes(Vec<u8>),
    Symlink(PathBuf),
}

struct Entry {
    source: Source,
    mode: u32,
    uid: u64,
    gid: u64,
    /// Device and inode of a file with several hard links, to write it once.
    inode: Option<(u64, u64)>,
}

/// The entries of one layer, by path relative to the image root (`cnb/order.toml`).
#[derive(Default)]
pub struct Layer {
    entries: BTreeMap<String, Entry>,
}

/// A layer written as a blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerBlob {
    /// `sha256:<hex>` of the compressed blob.
    pub digest: String,
    pub size: u64,
    /// `sha256:<hex>` of the uncompressed tar, what image configs and CNB labels name.
    pub diff_id: String,
}

impl Layer {
    /// A folder owned by `uid:gid`.
    pub fn dir(&mut self, path: &str, uid: u64, gid: u64) {
        self.insert(path, Source::Dir, 0o755, uid, gid);
    }

    /// A file with these bytes, owned by root.
    pub fn file(&mut self, path: &str, bytes: impl Into<Vec<u8>>, mode: u32) {
        self.insert(path, Source::Bytes(bytes.into()), mode, 0, 0);
    }

    /// The file at `from` on disk, owned by root.
    pub fn file_from(&mut self, path: &str, from: &Path, mode: u32) {
        self.insert(path, Source::File(from.to_path_buf()), mode, 0, 0);
    }

    /// A symlink owned by root.
    pub fn symlink(&mut self, path: &str, target: &str) {
        self.insert(path, Source::Symlink(target.into()), 0o777, 0, 0);
    }

    /// Every entry under `from`, at `under` in the layer. Sockets, fifos and devices are left
    /// out: a container runtime provides `/dev`.
    pub fn tree(&mut self, from: &Path, under: &str, style: TreeStyle) -> Result<()> {
        let mut stack = vec![(from.to_path_buf(), under.trim_matches('/').to_string())];
        while let Some((dir, prefix)) = stack.pop() {
            for entry in fs_err::read_dir(&dir)? {
                let entry = entry?;
                let name = entry.file_name();
                let name = name
                    .to_str()
                    .ok_or_else(|| format!("{}: a file name that is not UTF-8", dir.display()))?;
                let path = join(&prefix, name);
                let meta = fs_err::symlink_metadata(entry.path())?;
                let kind = meta.file_type();
                let exec = meta.permissions().mode() & 0o111 != 0;
                let (mode, uid, gid) = match style {
                    TreeStyle::Normalized if kind.is_dir() || exec => (0o755, 0, 0),
                    TreeStyle::Normalized => (0o644, 0, 0),
                    TreeStyle::Preserved => (
                        meta.mode() & 0o7777,
                        u64::from(meta.uid()),
                        u64::from(meta.gid()),
                    ),
                };
                let source = if kind.is_symlink() {
                    Source::Symlink(fs_err::read_link(entry.path())?)
                } else if kind.is_dir() {
                    stack.push((entry.path(), path.clone()));
                    Source::Dir
                } else if kind.is_file() {
                    Source::File(entry.path())
                } else {
                    continue;
                };
                let inode = (style == TreeStyle::Preserved && kind.is_file() && meta.nlink() > 1)
                    .then(|| (meta.dev(), meta.ino()));
                self.entries.insert(
                    path,
                    Entry {
                        source,
                        mode,
                        uid,
                        gid,
                        inode,
                    },
                );
            }
        }
        Ok(())
    }

    fn insert(&mut self, path: &str, source: Source, mode: u32, uid: u64, gid: u64) {
        let path = path.trim_matches('/').to_string();
        self.entries.insert(
            path,
            Entry {
                source,
                mode,
                uid,
                gid,
                inode: None,
            },
        );
    }

    /// Writes the layer as `<blobs>/<hex>` (the layout's `blobs/sha256`).
    pub fn write(&self, blobs: &Path) -> Result<LayerBlob> {
        let temp = tempfile::NamedTempFile::new_in(blobs)?;
        let compressed = Hashing::new(temp.as_file().try_clone()?);
        let gzip = flate2::GzBuilder::new().write(compressed, flate2::Compression::default());
        let mut tar = tar::Builder::new(Hashing::new(gzip));
        let mut linked: HashMap<(u64, u64), String> = HashMap::new();
        for (path, entry) in &self.entries {
            let mut header = tar::Header::new_gnu();
            header.set_mtime(NORMALIZED_MTIME);
            header.set_mode(entry.mode);
            header.set_uid(entry.uid);
            header.set_gid(entry.gid);
            header.set_size(0);
            if let Some(first) = entry.inode.and_then(|inode| linked.get(&inode)) {
                header.set_entry_type(tar::EntryType::Link);
                tar.append_link(&mut header, path, first)?;
                continue;
            }
            if let Some(inode) = entry.inode {
                linked.insert(inode, path.clone());
            }
            match &entry.source {
                Source::Dir => {
                    header.set_entry_type(tar::EntryType::Directory);
                    tar.append_data(&mut header, format!("{path}/"), std::io::empty())?;
                }
                Source::Symlink(target) => {
                    header.set_entry_type(tar::EntryType::Symlink);
                    tar.append_link(&mut header, path, target)?;
                }
                Source::Bytes(bytes) => {
                    header.set_size(bytes.len() as u64);
                    tar.append_data(&mut header, path, bytes.as_slice())?;
                }
                Source::File(file) => {
                    let file = fs_err::File::open(file)?;
                    header.set_size(file.metadata()?.len());
                    tar.append_data(&mut header, path, file)?;
                }
            }
        }
        let uncompressed = tar.into_inner()?;
        let diff_id = uncompressed.digest();
        let (size, digest) = {
            let compressed = uncompressed.inner.finish()?;
            (compressed.size, compressed.digest())
        };
        let hex = digest.trim_start_matches("sha256:");
        let blob = blobs.join(hex);
        temp.persist(&blob).map_err(|error| error.error)?;
        // World-readable: the phases read layouts after dropping to the build user.
        fs_err::set_permissions(&blob, std::fs::Permissions::from_mode(0o644))?;
        Ok(LayerBlob {
            digest,
            size,
            diff_id,
        })
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

/// Counts and hashes what passes through.
pub(crate) struct Hashing<W> {
    pub(crate) inner: W,
    hasher: Sha256,
    pub(crate) size: u64,
}

impl<W> Hashing<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// `sha256:<hex>` of everything written so far.
    pub(crate) fn digest(&self) -> String {
        format!("sha256:{}", hex::encode(self.hasher.clone().finalize()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.size += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
