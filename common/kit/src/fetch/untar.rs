//! Tar archives, plain or compressed.

use super::errors::{Context, corrupt_archive};
use super::tree::Tree;
use crate::Error;
use std::io::Read;
use tar::EntryType;

pub(crate) fn unpack(
    reader: impl Read,
    tree: &mut Tree<'_>,
    format: &'static str,
    context: &Context,
) -> Result<(), Error> {
    let corrupt = |error: std::io::Error| corrupt_archive(context, format, error);
    let mut archive = tar::Archive::new(reader);
    for entry in archive.entries().map_err(corrupt)? {
        let mut entry = entry.map_err(corrupt)?;
        let raw = entry.path().map_err(corrupt)?.into_owned();
        let Some(rel) = tree.place(&raw)? else {
            continue;
        };
        let mode = entry.header().mode().ok();
        match entry.header().entry_type() {
            EntryType::Directory => tree.dir(&raw, &rel, mode)?,
            // A sparse file is written out in full, its holes as zeros, within the size limit.
            EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => {
                let declared = entry.size();
                tree.file(&raw, &rel, mode, declared, &mut entry)?;
            }
            EntryType::Symlink => {
                let target = entry
                    .link_name()
                    .map_err(corrupt)?
                    .unwrap_or_default()
                    .into_owned();
                tree.symlink(&raw, &rel, &target)?;
            }
            EntryType::Link => {
                let source = entry
                    .link_name()
                    .map_err(corrupt)?
                    .unwrap_or_default()
                    .into_owned();
                tree.hardlink(&raw, &rel, &source)?;
            }
            // Devices, FIFOs and metadata records have no place in a dependency.
            _ => {}
        }
    }
    Ok(())
}
