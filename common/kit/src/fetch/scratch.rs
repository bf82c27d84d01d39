//! Temp files and folders next to the install target (same file system, so the final move is a
//! rename), removed when dropped unless kept: a failure anywhere leaves nothing behind.

use super::errors::write_failed;
use crate::Error;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub(crate) struct Scratch {
    path: PathBuf,
    armed: bool,
}

impl Scratch {
    pub(super) fn file(parent: &Path, label: &str) -> Result<(Self, File), Error> {
        let mut file = None;
        let scratch = Self::create(parent, label, |path| {
            file = Some(
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create_new(true)
                    .open(path)?,
            );
            Ok(())
        })?;
        let file = file.ok_or_else(|| write_failed(parent, &io::Error::other("no temp file")))?;
        Ok((scratch, file))
    }

    pub(super) fn dir(parent: &Path, label: &str) -> Result<Self, Error> {
        Self::create(parent, label, |path| fs::create_dir(path))
    }

    fn create(
        parent: &Path,
        label: &str,
        make: impl FnMut(&Path) -> io::Result<()>,
    ) -> Result<Self, Error> {
        let mut make = make;
        let pid = std::process::id();
        loop {
            let count = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = parent.join(format!(".{label}-{pid}-{count}"));
            match make(&path) {
                Ok(()) => return Ok(Self { path, armed: true }),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(write_failed(&path, &error)),
            }
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// The path now belongs to someone else (it was renamed into place).
    pub(super) fn keep(mut self) {
        self.armed = false;
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        // Best effort: the error that brought us here is the one worth reporting.
        match fs::symlink_metadata(&self.path) {
            Ok(meta) if meta.is_dir() => {
                let _ = fs::remove_dir_all(&self.path);
            }
            Ok(_) => {
                let _ = fs::remove_file(&self.path);
            }
            Err(_) => {}
        }
    }
}
