//! Zip archives.

use super::errors::{Context, corrupt_archive};
use super::tree::Tree;
use crate::Error;
use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

/// Linux's longest path, terminating NUL included.
const PATH_MAX: u64 = 4096;

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
            // A zip symlink's content is its target; read no more than a path can be, so a
            // compressed "link" of gigabytes is not read into memory.
            let mut target = String::new();
            (&mut entry)
                .take(PATH_MAX + 1)
                .read_to_string(&mut target)
                .map_err(|error| corrupt_archive(context, "zip", error))?;
            if target.len() as u64 > PATH_MAX {
                return Err(corrupt_archive(
                    context,
                    "zip",
                    format!(
                        "the symbolic link `{}` is longer than {PATH_MAX} bytes",
                        raw.display()
                    ),
                ));
            }
            tree.symlink(&raw, &rel, &PathBuf::from(target))?;
        } else {
            let declared = entry.size();
            tree.file(&raw, &rel, mode, declared, &mut entry)?;
        }
    }
    Ok(())
}
