//! Zip archives.

use super::errors::{Context, corrupt_archive};
use super::tree::Tree;
use crate::Error;
use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

pub(crate) fn unpack(file: File, tree: &mut Tree<'_>, context: &Context) -> Result<(), Error> {
    let corrupt = |error: zip::result::ZipError| corrupt_archive(context, "zip", error);
    let mut archive = zip::ZipArchive::new(file).map_err(corrupt)?;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(corrupt)?;
        let raw = PathBuf::from(entry.name());
        let Some(rel) = tree.place(&raw)? else {
            continue;
        };
        let mode = entry.unix_mode();
        if entry.is_dir() {
            tree.dir(&raw, &rel, mode)?;
        } else if entry.is_symlink() {
            // A zip symlink's content is its target.
            let mut target = String::new();
            entry
                .read_to_string(&mut target)
                .map_err(|error| corrupt_archive(context, "zip", error))?;
            tree.symlink(&raw, &rel, &PathBuf::from(target))?;
        } else {
            tree.file(&raw, &rel, mode, &mut entry)?;
        }
    }
    Ok(())
}
