//! Writes archive entries under a root and refuses any that would land outside it: `..`,
//! absolute paths, writes through a symlink, links that lead out.
//!
//! Symlinks are checked twice: lexically when made (a quick, clear refusal), and by really
//! following every link once the tree is complete, since a later entry can turn an innocent
//! looking `a/../x` into an escape (e.g. by making `a` a link to `.`).

use super::errors::{Context, archive_too_large, corrupt_archive, unsafe_archive, write_failed};
use crate::Error;
use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};

/// Hops allowed while following symlinks, as Linux allows.
const MAX_HOPS: usize = 40;

pub(crate) struct Tree<'a> {
    root: &'a Path,
    strip: usize,
    format: &'static str,
    context: &'a Context,
    links: Vec<PathBuf>,
    dirs: Vec<(PathBuf, u32)>,
    written: usize,
    /// File bytes unpacked so far, and the most allowed.
    unpacked: u64,
    limit: u64,
}

impl<'a> Tree<'a> {
    pub(super) fn new(
        root: &'a Path,
        strip: usize,
        format: &'static str,
        context: &'a Context,
    ) -> Self {
        Self {
            root,
            strip,
            format,
            context,
            links: Vec::new(),
            dirs: Vec::new(),
            written: 0,
            unpacked: 0,
            limit: u64::MAX,
        }
    }

    pub(super) fn limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    /// Where an entry goes, relative to the root after `strip-components`; `None` to skip it.
    pub(super) fn place(&self, raw: &Path) -> Result<Option<PathBuf>, Error> {
        let mut kept = PathBuf::new();
        for (index, component) in raw.components().enumerate() {
            match component {
                Component::ParentDir => return Err(self.refuse(raw, "contains `..`")),
                Component::RootDir | Component::Prefix(_) => {
                    return Err(self.refuse(raw, "is an absolute path"));
                }
                Component::Normal(name) if index >= self.strip => kept.push(name),
                Component::Normal(_) | Component::CurDir => {}
            }
        }
        Ok((!kept.as_os_str().is_empty()).then_some(kept))
    }

    pub(super) fn dir(&mut self, raw: &Path, rel: &Path, mode: Option<u32>) -> Result<(), Error> {
        self.check_parents(raw, rel, true)?;
        let path = self.root.join(rel);
        if fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_dir()) {
            Self::remove(&path)?;
        }
        fs::create_dir_all(&path).map_err(|error| write_failed(&path, &error))?;
        // Owner keeps full access so the layer can be cleaned and rebuilt later.
        let mode = mode.unwrap_or(0o755) & 0o777 | 0o700;
        self.dirs.push((path, mode));
        Ok(())
    }

    pub(super) fn file(
        &mut self,
        raw: &Path,
        rel: &Path,
        mode: Option<u32>,
        declared: u64,
        content: &mut dyn Read,
    ) -> Result<(), Error> {
        // The declared size refuses a bomb (or a sparse file's claimed size) before any write;
        // counting what is written catches an entry that lies about its size.
        let too_large = || archive_too_large(self.context, &raw.display().to_string(), self.limit);
        if self.unpacked.saturating_add(declared) > self.limit {
            return Err(too_large());
        }
        let path = self.prepare(raw, rel)?;
        let mode = match mode.unwrap_or(0) & 0o777 {
            0 => 0o644,
            mode => mode,
        };
        // `create_new` never follows a symlink left at the path.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&path)
            .map_err(|error| write_failed(&path, &error))?;
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let read = match content.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(corrupt_archive(self.context, self.format, error)),
            };
            self.unpacked += read as u64;
            if self.unpacked > self.limit {
                return Err(too_large());
            }
            file.write_all(&buffer[..read])
                .map_err(|error| write_failed(&path, &error))?;
        }
        // The umask may have dropped bits the archive asks for.
        fs::set_permissions(&path, fs::Permissions::from_mode(mode))
            .map_err(|error| write_failed(&path, &error))?;
        self.written += 1;
        Ok(())
    }

    pub(super) fn symlink(&mut self, raw: &Path, rel: &Path, target: &Path) -> Result<(), Error> {
        let escapes = || {
            self.refuse(
                raw,
                &format!(
                    "is a symbolic link to `{}`, outside the install folder",
                    target.display()
                ),
            )
        };
        if target.has_root() {
            return Err(escapes());
        }
        let mut depth = rel.components().count() - 1;
        for component in target.components() {
            match component {
                Component::ParentDir => depth = depth.checked_sub(1).ok_or_else(escapes)?,
                Component::Normal(_) => depth += 1,
                _ => {}
            }
        }
        let path = self.prepare(raw, rel)?;
        std::os::unix::fs::symlink(target, &path).map_err(|error| write_failed(&path, &error))?;
        self.links.push(rel.to_path_buf());
        self.written += 1;
        Ok(())
    }

    /// `source` is the archive path of a file unpacked earlier.
    pub(super) fn hardlink(&mut self, raw: &Path, rel: &Path, source: &Path) -> Result<(), Error> {
        let outside = || {
            self.refuse(raw, &format!("is a hard link to `{}`, which is not a file unpacked inside the install folder", source.display()))
        };
        let source_rel = self
            .place(source)
            .map_err(|_| outside())?
            .ok_or_else(outside)?;
        self.check_parents(raw, &source_rel, false)
            .map_err(|_| outside())?;
        let source_path = self.root.join(&source_rel);
        if !fs::symlink_metadata(&source_path).is_ok_and(|meta| meta.is_file()) {
            return Err(outside());
        }
        let path = self.prepare(raw, rel)?;
        fs::hard_link(&source_path, &path).map_err(|error| write_failed(&path, &error))?;
        self.written += 1;
        Ok(())
    }

    /// Checks that every symlink really stays inside, sets folder modes, and refuses an empty result.
    pub(super) fn finish(self) -> Result<(), Error> {
        for link in &self.links {
            if !resolves_inside(self.root, link) {
                let target = fs::read_link(self.root.join(link)).unwrap_or_default();
                return Err(self.refuse(
                    link,
                    &format!(
                        "is a symbolic link to `{}`, which leads outside the install folder",
                        target.display()
                    ),
                ));
            }
        }
        for (path, mode) in self.dirs.iter().rev() {
            fs::set_permissions(path, fs::Permissions::from_mode(*mode))
                .map_err(|error| write_failed(path, &error))?;
        }
        if self.written == 0 {
            return Err(corrupt_archive(
                self.context,
                self.format,
                format!(
                    "no files left after stripping {} leading folder(s)",
                    self.strip
                ),
            ));
        }
        Ok(())
    }

    /// Makes room for a new non-folder entry at `rel`.
    fn prepare(&self, raw: &Path, rel: &Path) -> Result<PathBuf, Error> {
        self.check_parents(raw, rel, false)?;
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|error| write_failed(parent, &error))?;
        }
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => Err(corrupt_archive(
                self.context,
                self.format,
                format!("`{}` is both a folder and a file", raw.display()),
            )),
            // A later entry replaces an earlier one, as tar does.
            Ok(_) => Self::remove(&path).map(|()| path),
            Err(_) => Ok(path),
        }
    }

    /// Refuses writing through a symlink: no folder on the way to `rel` may be one.
    fn check_parents(&self, raw: &Path, rel: &Path, include_self: bool) -> Result<(), Error> {
        let mut path = self.root.to_path_buf();
        let count = rel.components().count();
        let upto = if include_self {
            count
        } else {
            count.saturating_sub(1)
        };
        for component in rel.components().take(upto) {
            path.push(component);
            if fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_symlink()) {
                let link = path.strip_prefix(self.root).unwrap_or(&path);
                return Err(self.refuse(
                    raw,
                    &format!(
                        "would be written through the symbolic link `{}`",
                        link.display()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn remove(path: &Path) -> Result<(), Error> {
        fs::remove_file(path).map_err(|error| write_failed(path, &error))
    }

    fn refuse(&self, raw: &Path, why: &str) -> Error {
        unsafe_archive(self.context, &raw.display().to_string(), why)
    }
}

/// Follows `rel` (and every symlink met on the way) inside `root`; false if it leaves.
fn resolves_inside(root: &Path, rel: &Path) -> bool {
    let mut pending: VecDeque<OsString> = rel.iter().map(OsString::from).collect();
    let mut stack: Vec<OsString> = Vec::new();
    let mut hops = 0;
    while let Some(part) = pending.pop_front() {
        match part.to_str() {
            Some("..") => {
                if stack.pop().is_none() {
                    return false;
                }
            }
            Some(".") => {}
            _ => {
                stack.push(part);
                let here: PathBuf = root.join(stack.iter().collect::<PathBuf>());
                let Ok(meta) = fs::symlink_metadata(&here) else {
                    continue;
                };
                if !meta.file_type().is_symlink() {
                    continue;
                }
                hops += 1;
                let Ok(target) = fs::read_link(&here) else {
                    return false;
                };
                if hops > MAX_HOPS || target.has_root() {
                    return false;
                }
                stack.pop();
                for part in target.iter().rev() {
                    pending.push_front(part.to_os_string());
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_links_inside_and_catches_escapes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("root");
        fs::create_dir_all(root.join("lib/npm/bin")).expect("dirs");
        fs::create_dir_all(root.join("bin")).expect("bin");
        let link = |target: &str, at: &str| {
            std::os::unix::fs::symlink(target, root.join(at)).expect("symlink");
        };
        link("../lib/npm/bin", "bin/npm");
        link(".", "self");
        link("self/../outside", "escape");
        link("bin/npm/../../..", "root-again");
        link("bin/npm/../../../..", "deep");
        link("loop-b", "loop-a");
        link("loop-a", "loop-b");
        assert!(resolves_inside(&root, Path::new("bin/npm")));
        assert!(resolves_inside(&root, Path::new("self")));
        assert!(
            !resolves_inside(&root, Path::new("escape")),
            "self/.. is the root's parent"
        );
        assert!(
            resolves_inside(&root, Path::new("root-again")),
            "bin/npm is lib/npm/bin"
        );
        assert!(!resolves_inside(&root, Path::new("deep")));
        assert!(!resolves_inside(&root, Path::new("loop-a")));
    }
}
