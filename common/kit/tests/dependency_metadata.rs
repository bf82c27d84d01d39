//! Every file in `dependency-metadata/` is a valid inventory with well-formed entries.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use std::path::PathBuf;
use stowage_kit::inventory::{Inventory, lint};

fn metadata_files() -> Vec<PathBuf> {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dependency-metadata");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&directory)
        .expect("dependency-metadata directory is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "toml")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_metadata_file_is_valid() {
    let files = metadata_files();
    assert!(!files.is_empty(), "no dependency metadata found");
    let mut problems = Vec::new();
    for file in &files {
        let name = file.file_name().expect("file name").to_string_lossy();
        let text = std::fs::read_to_string(file).expect("metadata file is readable");
        if let Err(error) = toml::from_str::<Inventory>(&text) {
            problems.push(format!("{name}: does not parse as an inventory: {error}"));
        }
        problems.extend(lint(&text).into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn node_metadata_has_both_architectures_and_a_default() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dependency-metadata/node.toml");
    let text = std::fs::read_to_string(path).expect("node.toml is readable");
    let inventory: Inventory = toml::from_str(&text).expect("node.toml parses");
    assert_eq!(inventory.default_version("node"), Some("24.*.*"));
    for arch in ["amd64", "arm64"] {
        assert!(
            inventory
                .dependencies
                .iter()
                .any(|d| d.id == "node" && d.arch.as_deref() == Some(arch)),
            "{arch}"
        );
    }
}
