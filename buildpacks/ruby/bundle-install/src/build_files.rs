//! What compiling native extensions leaves beside the installed gems (`Makefile`, `mkmf.log`,
//! `gem_make.out`): needed by nobody at run time, and they name build paths. Removed from a
//! gems layer unless `BP_KEEP_GEM_EXTENSION_BUILD_FILES` is true, as Paketo does.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;

pub(crate) const KEEP: &str = "BP_KEEP_GEM_EXTENSION_BUILD_FILES";
const NAMES: [&str; 3] = ["Makefile", "mkmf.log", "gem_make.out"];

/// Removes every file named as a build leftover under `dir`; returns how many went.
pub(crate) fn remove(dir: &Path) -> Result<usize, Error> {
    let mut removed = 0;
    let entries = fs_err::read_dir(dir).map_err(|error| errors::build_files(dir, &error))?;
    for entry in entries {
        let entry = entry.map_err(|error| errors::build_files(dir, &error))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|error| errors::build_files(&path, &error))?;
        if kind.is_dir() {
            removed += remove(&path)?;
        } else if kind.is_file() && NAMES.iter().any(|name| entry.file_name() == *name) {
            fs_err::remove_file(&path).map_err(|error| errors::build_files(&path, &error))?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_build_leftovers_go() {
        let layer = tempfile::tempdir().expect("temp dir");
        let ext = layer
            .path()
            .join("ruby/3.1.0/gems/puma-5.6.5/ext/puma_http11");
        fs_err::create_dir_all(&ext).expect("mkdir");
        for name in ["Makefile", "mkmf.log", "puma_http11.c", "puma_http11.so"] {
            fs_err::write(ext.join(name), "").expect("write");
        }
        let extensions = layer
            .path()
            .join("ruby/3.1.0/extensions/x86_64-linux/3.1.0/puma-5.6.5");
        fs_err::create_dir_all(&extensions).expect("mkdir");
        fs_err::write(extensions.join("gem_make.out"), "").expect("write");
        fs_err::write(layer.path().join("config"), "").expect("write");

        assert_eq!(remove(layer.path()).expect("removed"), 3);
        assert!(ext.join("puma_http11.c").is_file());
        assert!(ext.join("puma_http11.so").is_file());
        assert!(!ext.join("Makefile").exists());
        assert!(!extensions.join("gem_make.out").exists());
        assert!(layer.path().join("config").is_file());
    }
}
