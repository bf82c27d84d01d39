//! Archives that try to write outside the install folder are refused, and leave nothing.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Entry, Layers, dependency, gzip, quick_options, tar, zip};
use std::fs;
use stowage_kit::fetch::{Location, NoProgress, install};

/// Installs a hostile archive and checks that nothing exists afterwards, inside or outside.
fn refuse(name: &str, bytes: &[u8], strip: usize) -> String {
    let layers = Layers::new();
    let file = layers.sources.path().join(name);
    fs::write(&file, bytes).expect("write");
    let dependency = dependency(&format!("file://{}", file.display()), bytes, strip);

    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &quick_options(),
        &mut NoProgress,
    )
    .expect_err("refused");

    assert_eq!(error.id, "fetch/unsafe-archive", "{}", error.render());
    assert_eq!(
        layers.listing(),
        ["node"],
        "nothing written, nothing left behind"
    );
    layers.redact(&error.render())
}

#[test]
fn parent_components_are_refused() {
    let bytes = gzip(&tar(&[Entry::File("pkg/../../evil", b"x", 0o644)]));
    insta::assert_snapshot!(refuse("a.tar.gz", &bytes, 1));
}

#[test]
fn absolute_paths_are_refused() {
    let bytes = gzip(&tar(&[Entry::File("/tmp/stowage-evil", b"x", 0o644)]));
    insta::assert_snapshot!(refuse("a.tar.gz", &bytes, 0));
}

#[test]
fn a_symlink_pointing_outside_is_refused() {
    let bytes = gzip(&tar(&[Entry::Symlink("pkg/etc", "../../..")]));
    insta::assert_snapshot!(refuse("a.tar.gz", &bytes, 1));
}

#[test]
fn writing_through_a_symlink_is_refused() {
    // The link alone stays inside (`.`), but a later file through it would not be checked
    // by its own path: it must be refused for going through a link.
    let bytes = gzip(&tar(&[
        Entry::Symlink("pkg/here", "."),
        Entry::File("pkg/here/file", b"x", 0o644),
    ]));
    insta::assert_snapshot!(refuse("a.tar.gz", &bytes, 1));
}

#[test]
fn a_symlink_made_to_escape_by_a_later_link_is_refused() {
    // `sneaky` looks inside when made (`self` does not exist yet), then `self -> .` makes
    // `self/..` the parent of the install folder.
    let bytes = gzip(&tar(&[
        Entry::Symlink("pkg/sneaky", "self/../outside"),
        Entry::Symlink("pkg/self", "."),
    ]));
    insta::assert_snapshot!(refuse("a.tar.gz", &bytes, 1));
}

#[test]
fn a_hardlink_to_a_file_outside_is_refused() {
    let bytes = gzip(&tar(&[Entry::Hardlink(
        "pkg/passwd",
        "../../../etc/passwd",
    )]));
    insta::assert_snapshot!(refuse("a.tar.gz", &bytes, 1));
}

#[test]
fn a_hardlink_through_a_symlink_is_refused() {
    let bytes = gzip(&tar(&[
        Entry::Symlink("pkg/up", "."),
        Entry::Hardlink("pkg/copy", "pkg/up/whatever"),
    ]));
    let rendered = refuse("a.tar.gz", &bytes, 1);
    assert!(rendered.contains("hard link"), "{rendered}");
}

#[test]
fn zip_entries_are_held_to_the_same_rules() {
    let bytes = zip(&[("pkg/../../evil", b"x", 0o644)], &[]);
    assert!(refuse("a.zip", &bytes, 1).contains("contains `..`"));
    let bytes = zip(&[], &[("pkg/link", "/etc")]);
    assert!(refuse("a.zip", &bytes, 1).contains("outside the install folder"));
}
