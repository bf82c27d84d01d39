//! A corpus of hostile archives, each built here and installed as a buildpack installs a
//! dependency. Each is refused with a stable error id, or contained: nothing lands beside the
//! layer or outside the layers folder, no setuid bit or device file is made, and a bomb stops
//! at the size limit. (`fetch_unsafe` snapshots the wording of the escape refusals.)

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Layers, dependency, gzip, xz};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use stowage_kit::fetch::{FetchOptions, Location, NoProgress, install};
use tar::{EntryType, Header};

const MIB: u64 = 1 << 20;
const MIB_BYTES: usize = 1 << 20;

/// What a case must end in.
enum Expect {
    /// Refused with this error id; the layer folder stays empty.
    Refused(&'static str),
    /// Installed, with these files (relative to the layer) and nothing else dangerous.
    Contained(&'static [&'static str]),
}

/// One hostile archive: its file name, its bytes (given the folder outside the layers folder,
/// for absolute paths), the strip-components of its entry, the size limit to install with.
struct Case {
    name: &'static str,
    file: &'static str,
    bytes: fn(&Path) -> Vec<u8>,
    strip: usize,
    max_unpacked: u64,
    expect: Expect,
}

/// A layers folder with the layer, a sentinel folder beside it, and a folder outside it all.
struct Site {
    layers: Layers,
    outside: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        let layers = Layers::new();
        let sentinel = layers.dir.path().join("sentinel");
        fs::create_dir(&sentinel).expect("sentinel");
        fs::write(sentinel.join("keep"), "untouched").expect("sentinel file");
        let outside = tempfile::tempdir().expect("outside");
        fs::write(outside.path().join("secret"), "untouched").expect("outside file");
        Self { layers, outside }
    }

    /// Nothing beside the layer or outside changed, and nothing but the layer was added.
    fn assert_nothing_escaped(&self, case: &str) {
        let mut beside: Vec<_> = self
            .layers
            .listing()
            .into_iter()
            .filter(|path| !path.starts_with("node/"))
            .collect();
        beside.sort();
        assert_eq!(beside, ["node", "sentinel", "sentinel/keep"], "{case}");
        let keep = self.layers.dir.path().join("sentinel/keep");
        assert_eq!(
            fs::read_to_string(keep).expect("keep"),
            "untouched",
            "{case}"
        );
        let outside: Vec<_> = fs::read_dir(self.outside.path())
            .expect("outside")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(outside, ["secret"], "{case}");
        let secret = self.outside.path().join("secret");
        assert_eq!(
            fs::read_to_string(secret).expect("secret"),
            "untouched",
            "{case}"
        );
        let parent = self.layers.dir.path().parent().expect("parent");
        assert!(!parent.join("evil").exists(), "{case}");
    }
}

/// Every file under `dir`, relative; fails on a device, FIFO, socket or setuid/setgid/sticky bit.
fn safe_listing(dir: &Path, root: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        let meta = fs::symlink_metadata(&path).expect("metadata");
        let kind = meta.file_type();
        assert!(
            !(kind.is_block_device()
                || kind.is_char_device()
                || kind.is_fifo()
                || kind.is_socket()),
            "{} is a special file",
            path.display()
        );
        assert_eq!(
            meta.permissions().mode() & 0o7000,
            0,
            "{} has a setuid, setgid or sticky bit",
            path.display()
        );
        found.push(
            path.strip_prefix(root)
                .expect("inside")
                .display()
                .to_string(),
        );
        if kind.is_dir() {
            safe_listing(&path, root, found);
        }
    }
}

fn run(case: &Case) {
    let site = Site::new();
    let bytes = (case.bytes)(site.outside.path());
    let source = site.layers.sources.path().join(case.file);
    fs::write(&source, &bytes).expect("write archive");
    let dependency = dependency(&format!("file://{}", source.display()), &bytes, case.strip);
    let options = FetchOptions {
        max_unpacked: case.max_unpacked,
        ..fetch_support::quick_options()
    };

    let result = install(
        &dependency,
        &Location::upstream(&dependency),
        &site.layers.target,
        &options,
        &mut NoProgress,
    );

    site.assert_nothing_escaped(case.name);
    let mut inside = Vec::new();
    safe_listing(&site.layers.target, &site.layers.target, &mut inside);
    inside.sort();
    match (&case.expect, result) {
        (Expect::Refused(id), Err(error)) => {
            assert_eq!(error.id, *id, "{}: {}", case.name, error.render());
            assert!(inside.is_empty(), "{}: left {inside:?}", case.name);
        }
        (Expect::Contained(files), Ok(_)) => assert_eq!(inside, *files, "{}", case.name),
        (Expect::Refused(id), Ok(_)) => {
            panic!("{}: installed {inside:?}, expected {id}", case.name)
        }
        (Expect::Contained(_), Err(error)) => {
            panic!("{}: refused: {}", case.name, error.render())
        }
    }
}

/// A tar entry from a header made raw, so names and types `tar::Builder` refuses get through.
fn entry(kind: EntryType, name: &str, link: &str, mode: u32, data: &[u8]) -> (Header, Vec<u8>) {
    let mut header = Header::new_gnu();
    header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
    header.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
    header.set_entry_type(kind);
    header.set_mode(mode);
    header.set_size(data.len() as u64);
    (header, data.to_vec())
}

fn file(name: &str, mode: u32, data: &[u8]) -> (Header, Vec<u8>) {
    entry(EntryType::Regular, name, "", mode, data)
}

/// Concatenates entries into a tar (checksums set here), with the end-of-archive blocks.
fn tar(entries: Vec<(Header, Vec<u8>)>) -> Vec<u8> {
    let mut out = Vec::new();
    for (mut header, data) in entries {
        header.set_cksum();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(&data);
        out.resize(out.len().next_multiple_of(512), 0);
    }
    out.extend_from_slice(&[0; 1024]);
    out
}

fn targz(entries: Vec<(Header, Vec<u8>)>) -> Vec<u8> {
    gzip(&tar(entries))
}

fn outside(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// A zip of (name, unix mode, content) files and (name, target) symlinks.
fn zip(files: &[(&str, u32, &[u8])], links: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, mode, data) in files {
        let options = zip::write::SimpleFileOptions::default().unix_permissions(*mode);
        writer.start_file(*name, options).expect("zip file");
        writer.write_all(data).expect("zip data");
    }
    for (name, target) in links {
        let options = zip::write::SimpleFileOptions::default();
        writer
            .add_symlink(*name, *target, options)
            .expect("zip link");
    }
    writer.finish().expect("zip").into_inner()
}

/// A GNU sparse file claiming `real` bytes: one 512-byte block of data at its very end, the
/// rest a hole. The archive is tiny; written out the file would be `real` bytes.
fn sparse(name: &str, real: u64) -> (Header, Vec<u8>) {
    let (mut header, data) = entry(EntryType::GNUSparse, name, "", 0o644, &[b'x'; 512]);
    let gnu = header.as_gnu_mut().expect("gnu header");
    gnu.set_real_size(real);
    gnu.sparse[0].set_offset(real - 512);
    gnu.sparse[0].set_length(512);
    (header, data)
}

const DEFAULT: u64 = stowage_kit::fetch::MAX_UNPACKED;

fn refused(
    name: &'static str,
    file: &'static str,
    bytes: fn(&Path) -> Vec<u8>,
    strip: usize,
    id: &'static str,
) -> Case {
    Case {
        name,
        file,
        bytes,
        strip,
        max_unpacked: DEFAULT,
        expect: Expect::Refused(id),
    }
}

fn unsafe_tar(name: &'static str, bytes: fn(&Path) -> Vec<u8>) -> Case {
    refused(name, "node.tar.gz", bytes, 1, "fetch/unsafe-archive")
}

/// `..`, absolute paths, symlink and hard link escapes in tar.
fn escapes() -> Vec<Case> {
    vec![
        unsafe_tar("`..` over the sentinel", |_| {
            targz(vec![file("pkg/../../sentinel/keep", 0o644, b"evil")])
        }),
        unsafe_tar("`..` to the layers folder's parent", |_| {
            targz(vec![file("pkg/../../../evil", 0o644, b"evil")])
        }),
        refused(
            "an absolute path",
            "node.tar.gz",
            |out| targz(vec![file(&outside(out, "evil"), 0o644, b"evil")]),
            0,
            "fetch/unsafe-archive",
        ),
        unsafe_tar("a symlink beside the layer", |_| {
            targz(vec![entry(
                EntryType::Symlink,
                "pkg/up",
                "../../sentinel",
                0o777,
                b"",
            )])
        }),
        unsafe_tar("an absolute symlink, then a file through it", |out| {
            targz(vec![
                entry(EntryType::Symlink, "pkg/out", &outside(out, ""), 0o777, b""),
                file("pkg/out/evil", 0o644, b"evil"),
            ])
        }),
        unsafe_tar("an innocent symlink, then a file through it", |_| {
            targz(vec![
                entry(EntryType::Directory, "pkg/lib/", "", 0o755, b""),
                entry(EntryType::Symlink, "pkg/here", "lib", 0o777, b""),
                file("pkg/here/evil", 0o644, b"evil"),
            ])
        }),
        unsafe_tar("a symlink, then a folder through it", |out| {
            targz(vec![
                entry(EntryType::Symlink, "pkg/out", &outside(out, ""), 0o777, b""),
                entry(EntryType::Directory, "pkg/out/sub/", "", 0o755, b""),
            ])
        }),
        unsafe_tar("a hard link to the sentinel", |_| {
            targz(vec![entry(
                EntryType::Link,
                "pkg/keep",
                "../sentinel/keep",
                0o644,
                b"",
            )])
        }),
        unsafe_tar("a hard link to an absolute path", |out| {
            targz(vec![entry(
                EntryType::Link,
                "pkg/secret",
                &outside(out, "secret"),
                0o644,
                b"",
            )])
        }),
        unsafe_tar("a hard link, then a file over it", |out| {
            targz(vec![
                entry(
                    EntryType::Link,
                    "pkg/secret",
                    &outside(out, "secret"),
                    0o644,
                    b"",
                ),
                file("pkg/secret", 0o644, b"evil"),
            ])
        }),
    ]
}

/// Device files, FIFOs and setuid bits in tar and zip, and zip escapes.
fn specials() -> Vec<Case> {
    vec![
        Case {
            name: "device files and a FIFO are skipped",
            file: "node.tar.gz",
            bytes: |_| {
                let mut null = entry(EntryType::Char, "pkg/dev/null", "", 0o666, b"");
                null.0.set_device_major(1).expect("major");
                null.0.set_device_minor(3).expect("minor");
                let mut disk = entry(EntryType::Block, "pkg/dev/sda", "", 0o660, b"");
                disk.0.set_device_major(8).expect("major");
                targz(vec![
                    null,
                    disk,
                    entry(EntryType::Fifo, "pkg/fifo", "", 0o644, b""),
                    file("pkg/bin/node", 0o755, b"node"),
                ])
            },
            strip: 1,
            max_unpacked: DEFAULT,
            expect: Expect::Contained(&["bin", "bin/node"]),
        },
        Case {
            name: "setuid, setgid and sticky bits are dropped",
            file: "node.tar.gz",
            bytes: |_| {
                targz(vec![
                    entry(EntryType::Directory, "pkg/shared/", "", 0o3777, b""),
                    file("pkg/shared/su", 0o4755, b"su"),
                    file("pkg/sg", 0o2755, b"sg"),
                ])
            },
            strip: 1,
            max_unpacked: DEFAULT,
            expect: Expect::Contained(&["sg", "shared", "shared/su"]),
        },
        refused(
            "zip slip",
            "node.zip",
            |_| zip(&[("../sentinel/keep", 0o644, b"evil")], &[]),
            0,
            "fetch/unsafe-archive",
        ),
        refused(
            "a zip entry with an absolute path",
            "node.zip",
            |out| zip(&[(&outside(out, "evil"), 0o644, b"evil")], &[]),
            0,
            "fetch/unsafe-archive",
        ),
        refused(
            "a zip symlink out, then a file through it",
            "node.zip",
            |_| {
                let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                let options = zip::write::SimpleFileOptions::default();
                writer.add_symlink("up", "..", options).expect("link");
                writer
                    .start_file("up/sentinel/keep", options)
                    .expect("file");
                writer.write_all(b"evil").expect("data");
                writer.finish().expect("zip").into_inner()
            },
            0,
            "fetch/unsafe-archive",
        ),
        Case {
            name: "a zip's setuid bit is dropped",
            file: "node.zip",
            bytes: |_| zip(&[("bin/su", 0o4755, b"su")], &[]),
            strip: 0,
            max_unpacked: DEFAULT,
            expect: Expect::Contained(&["bin", "bin/su"]),
        },
        refused(
            "a zip symlink of a megabyte is not read into memory",
            "node.zip",
            |_| zip(&[], &[("link", &"a/".repeat(512 * 1024))]),
            0,
            "fetch/corrupt-archive",
        ),
    ]
}

/// Bombs: a declared size past the limit, real bytes past it, a sparse file.
fn bombs() -> Vec<Case> {
    vec![
        refused(
            "a gzip bomb declaring 5 GiB, past the default limit",
            "node.tar.gz",
            |_| {
                // Only the start of the data follows: the header alone must stop it.
                let (mut header, _) = file("pkg/bomb", 0o644, b"");
                header.set_size(5 << 30);
                header.set_cksum();
                let mut bytes = header.as_bytes().to_vec();
                bytes.resize(bytes.len() + MIB_BYTES, 0);
                gzip(&bytes)
            },
            1,
            "fetch/archive-too-large",
        ),
        Case {
            name: "a gzip bomb of zeros, past a lowered limit",
            file: "node.tar.gz",
            bytes: |_| targz(vec![file("pkg/zeros", 0o644, &vec![0; 16 * MIB_BYTES])]),
            strip: 1,
            max_unpacked: MIB,
            expect: Expect::Refused("fetch/archive-too-large"),
        },
        Case {
            name: "many files that add up past the limit",
            file: "node.tar.xz",
            bytes: |_| {
                let piece = vec![0; MIB_BYTES / 4];
                let names: Vec<String> = (0..8).map(|n| format!("pkg/part{n}")).collect();
                xz(&tar(names.iter().map(|n| file(n, 0o644, &piece)).collect()))
            },
            strip: 1,
            max_unpacked: MIB,
            expect: Expect::Refused("fetch/archive-too-large"),
        },
        Case {
            name: "a zip bomb",
            file: "node.zip",
            bytes: |_| zip(&[("zeros", 0o644, &vec![0; 16 * MIB_BYTES])], &[]),
            strip: 0,
            max_unpacked: MIB,
            expect: Expect::Refused("fetch/archive-too-large"),
        },
        refused(
            "a sparse file claiming 100 GB",
            "node.tar.gz",
            |_| targz(vec![sparse("pkg/huge", 100_000_000_000)]),
            1,
            "fetch/archive-too-large",
        ),
        Case {
            name: "a small sparse file is written out in full",
            file: "node.tar.gz",
            bytes: |_| targz(vec![sparse("pkg/small", 4096)]),
            strip: 1,
            max_unpacked: DEFAULT,
            expect: Expect::Contained(&["small"]),
        },
    ]
}

/// Archives that are not what their name says.
fn mislabelled() -> Vec<Case> {
    vec![
        refused(
            "a zip named .tar.gz",
            "node.tar.gz",
            |_| zip(&[("bin/node", 0o755, b"node")], &[]),
            1,
            "fetch/mislabelled-archive",
        ),
        refused(
            "a tar.xz named .tar.gz",
            "node.tar.gz",
            |_| xz(&tar(vec![file("pkg/bin/node", 0o755, b"node")])),
            1,
            "fetch/mislabelled-archive",
        ),
        refused(
            "a tar.gz named .zip",
            "node.zip",
            |_| targz(vec![file("pkg/bin/node", 0o755, b"node")]),
            1,
            "fetch/mislabelled-archive",
        ),
        refused(
            "an uncompressed tar named .tgz",
            "node.tgz",
            |_| tar(vec![file("pkg/bin/node", 0o755, b"node")]),
            1,
            "fetch/mislabelled-archive",
        ),
        refused(
            "text named .tar.xz",
            "node.tar.xz",
            |_| b"<html>Not Found</html>".to_vec(),
            1,
            "fetch/corrupt-archive",
        ),
    ]
}

#[test]
fn every_hostile_archive_is_refused_or_contained() {
    let corpus = [escapes(), specials(), bombs(), mislabelled()];
    for case in corpus.iter().flatten() {
        run(case);
    }
}

#[test]
fn a_small_sparse_file_keeps_its_data_at_its_offset() {
    let site = Site::new();
    let bytes = targz(vec![sparse("pkg/small", 4096)]);
    let source: PathBuf = site.layers.sources.path().join("node.tar.gz");
    fs::write(&source, &bytes).expect("write");
    let dependency = dependency(&format!("file://{}", source.display()), &bytes, 1);
    install(
        &dependency,
        &Location::upstream(&dependency),
        &site.layers.target,
        &fetch_support::quick_options(),
        &mut NoProgress,
    )
    .expect("installed");
    let content = fs::read(site.layers.target.join("small")).expect("small");
    assert_eq!(content.len(), 4096);
    assert!(content[..3584].iter().all(|b| *b == 0));
    assert!(content[3584..].iter().all(|b| *b == b'x'));
}

#[test]
fn the_size_limit_and_a_mislabelled_archive_are_explained() {
    let render = |file: &str, bytes: Vec<u8>, max_unpacked: u64| {
        let site = Site::new();
        let source = site.layers.sources.path().join(file);
        fs::write(&source, &bytes).expect("write");
        let dependency = dependency(&format!("file://{}", source.display()), &bytes, 1);
        let options = FetchOptions {
            max_unpacked,
            ..fetch_support::quick_options()
        };
        let error = install(
            &dependency,
            &Location::upstream(&dependency),
            &site.layers.target,
            &options,
            &mut NoProgress,
        )
        .expect_err("refused");
        site.layers.redact(&error.render())
    };
    insta::assert_snapshot!(
        "too_large",
        render(
            "node.tar.gz",
            targz(vec![sparse("pkg/huge", 100_000_000_000)]),
            DEFAULT
        )
    );
    insta::assert_snapshot!(
        "mislabelled",
        render(
            "node.tar.gz",
            zip(&[("pkg/bin/node", 0o755, b"node")], &[]),
            DEFAULT
        )
    );
}
