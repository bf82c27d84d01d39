//! Where downloaded bytes go: a temp file, hashed and reported as they arrive.

use super::errors::write_failed;
use super::progress::Progress;
use crate::Error;
use crate::checksum::{Algorithm, Checksum, Hasher};
use std::fs::File;
use std::io::{Seek, Write};
use std::path::Path;

pub(crate) struct Sink<'a> {
    file: File,
    path: &'a Path,
    algorithm: Algorithm,
    hasher: Hasher,
    bytes: u64,
    pub progress: &'a mut dyn Progress,
}

impl<'a> Sink<'a> {
    pub(super) fn new(
        file: File,
        path: &'a Path,
        algorithm: Algorithm,
        progress: &'a mut dyn Progress,
    ) -> Self {
        Self {
            file,
            path,
            algorithm,
            hasher: Hasher::new(algorithm),
            bytes: 0,
            progress,
        }
    }

    /// Starts over: a retry downloads the whole body again.
    pub(super) fn restart(&mut self, total: Option<u64>) -> Result<(), Error> {
        self.file
            .set_len(0)
            .and_then(|()| self.file.rewind())
            .map_err(|error| write_failed(self.path, &error))?;
        self.hasher = Hasher::new(self.algorithm);
        self.bytes = 0;
        self.progress.started(total);
        Ok(())
    }

    pub(super) fn write(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.file
            .write_all(chunk)
            .map_err(|error| write_failed(self.path, &error))?;
        self.hasher.update(chunk);
        self.bytes += chunk.len() as u64;
        self.progress.advanced(self.bytes);
        Ok(())
    }

    pub(super) fn bytes(&self) -> u64 {
        self.bytes
    }

    pub(super) fn finish(mut self) -> Result<(Checksum, u64), Error> {
        self.file
            .flush()
            .map_err(|error| write_failed(self.path, &error))?;
        Ok((self.hasher.finish(), self.bytes))
    }
}
