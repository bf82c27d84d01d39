//! Which jar the app runs, as Paketo chooses it: the app itself when it is an exploded jar
//! (`META-INF/MANIFEST.MF` with a `Main-Class`), else the first jar with a `Main-Class` among
//! the files `BP_EXECUTABLE_JAR_LOCATION` matches or, without it, in a breadth-first walk of
//! the app sorted by name.
//!
//! Belongs in the JVM family crate (`stowage-jvm`) once a second buildpack looks for jars.

use crate::errors;
use std::collections::VecDeque;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use stowage_jvm::Manifest;
use stowage_jvm::glob;
use stowage_kit::Error;

pub(crate) const LOCATION: &str = "BP_EXECUTABLE_JAR_LOCATION";
pub(crate) const MANIFEST: &str = "META-INF/MANIFEST.MF";
/// A manifest is a few kilobytes; one larger than this is not read into memory.
const MANIFEST_LIMIT: u64 = 1024 * 1024;

/// What the app's processes run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Executable {
    /// The app holds the jar's contents: `java <Main-Class>` with the app on the class path.
    Exploded { manifest: Manifest },
    /// `java -jar <jar>`; the path is relative to the app.
    Jar { path: PathBuf, manifest: Manifest },
}

impl Executable {
    pub(crate) fn manifest(&self) -> &Manifest {
        match self {
            Executable::Exploded { manifest } | Executable::Jar { manifest, .. } => manifest,
        }
    }

    pub(crate) fn main_class(&self) -> &str {
        self.manifest().main_class().unwrap_or_default()
    }
}

/// The executable, `None` when no candidate has a `Main-Class`. A candidate that cannot be read
/// before one that can is an error: choosing a later jar would be a guess. So is a pattern in
/// `BP_EXECUTABLE_JAR_LOCATION` that matches no jar with a `Main-Class`.
pub(crate) fn find(app: &Path, location: Option<&str>) -> Result<Option<Executable>, Error> {
    let exploded = app.join(MANIFEST);
    if exploded.is_file() {
        let manifest = read_manifest(&exploded, Path::new(MANIFEST))?;
        if manifest.main_class().is_some() {
            return Ok(Some(Executable::Exploded { manifest }));
        }
    }
    let candidates = match location {
        Some(pattern) => {
            let matches = glob(app, pattern);
            let files: Vec<PathBuf> = matches
                .iter()
                .filter(|path| app.join(path).is_file())
                .cloned()
                .collect();
            return match first_executable(app, files)? {
                Some(found) => Ok(Some(found)),
                None => Err(errors::no_jar_at_location(pattern, &matches)),
            };
        }
        None => walk(app),
    };
    first_executable(app, candidates)
}

fn first_executable(
    app: &Path,
    candidates: impl IntoIterator<Item = PathBuf>,
) -> Result<Option<Executable>, Error> {
    for path in candidates {
        if let Some(manifest) = jar_manifest(app, &path)?
            && manifest.main_class().is_some()
        {
            return Ok(Some(Executable::Jar { path, manifest }));
        }
    }
    Ok(None)
}

/// Every `*.jar` under `app`, relative to it: a folder's files (sorted) before its subfolders'.
/// Linked folders are not followed, so a link loop cannot hold the build.
fn walk(app: &Path) -> Vec<PathBuf> {
    let mut jars = Vec::new();
    let mut folders = VecDeque::from([PathBuf::new()]);
    while let Some(folder) = folders.pop_front() {
        let Ok(entries) = std::fs::read_dir(app.join(&folder)) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = folder.join(entry.file_name());
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                folders.push_back(path);
            } else if entry.file_name().to_string_lossy().ends_with(".jar")
                && app.join(&path).is_file()
            {
                jars.push(path);
            }
        }
    }
    jars
}

/// The manifest of the jar at `app/relative`; `None` when it has none.
fn jar_manifest(app: &Path, relative: &Path) -> Result<Option<Manifest>, Error> {
    let file =
        File::open(app.join(relative)).map_err(|error| errors::unreadable(relative, &error))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|error| errors::not_a_zip(relative, &error))?;
    let shown = PathBuf::from(format!("{}!/{MANIFEST}", relative.display()));
    let entry = match archive.by_name(MANIFEST) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(error) => return Err(errors::not_a_zip(relative, &error)),
    };
    let bytes = read_limited(entry, &shown)?;
    Manifest::parse(&bytes)
        .map(Some)
        .map_err(|error| errors::malformed_manifest(&shown, &error))
}

fn read_manifest(path: &Path, shown: &Path) -> Result<Manifest, Error> {
    let file = File::open(path).map_err(|error| errors::unreadable(shown, &error))?;
    let bytes = read_limited(file, shown)?;
    Manifest::parse(&bytes).map_err(|error| errors::malformed_manifest(shown, &error))
}

fn read_limited(reader: impl Read, shown: &Path) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .take(MANIFEST_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| errors::unreadable(shown, &error))?;
    if bytes.len() as u64 > MANIFEST_LIMIT {
        return Err(errors::manifest_too_large(shown, MANIFEST_LIMIT));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const EXECUTABLE: &str = "Manifest-Version: 1.0\nMain-Class: com.example.App\n";
    const LIBRARY: &str = "Manifest-Version: 1.0\nCreated-By: Maven\n";

    fn app() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    fn write(app: &Path, relative: &str, bytes: &[u8]) {
        let path = app.join(relative);
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, bytes).expect("write");
    }

    /// A jar with `manifest` (none when `None`) and one class.
    fn jar(app: &Path, relative: &str, manifest: Option<&str>) {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        if let Some(manifest) = manifest {
            zip.start_file(MANIFEST, options).expect("entry");
            zip.write_all(manifest.as_bytes()).expect("write");
        }
        zip.start_file("com/example/App.class", options)
            .expect("entry");
        zip.write_all(b"\xca\xfe\xba\xbe").expect("write");
        write(app, relative, &zip.finish().expect("zip").into_inner());
    }

    fn found_jar(app: &Path, location: Option<&str>) -> Option<PathBuf> {
        match find(app, location).expect("found") {
            Some(Executable::Jar { path, .. }) => Some(path),
            Some(Executable::Exploded { .. }) => panic!("exploded"),
            None => None,
        }
    }

    #[test]
    fn an_exploded_jar_wins_over_jars_in_the_app() {
        let dir = app();
        write(dir.path(), MANIFEST, EXECUTABLE.as_bytes());
        jar(
            dir.path(),
            "lib/other.jar",
            Some("Main-Class: other.Main\n"),
        );
        let found = find(dir.path(), None).expect("found").expect("executable");
        assert!(matches!(found, Executable::Exploded { .. }));
        assert_eq!(found.main_class(), "com.example.App");
    }

    #[test]
    fn an_exploded_manifest_without_main_class_falls_back_to_jars() {
        let dir = app();
        write(dir.path(), MANIFEST, LIBRARY.as_bytes());
        jar(dir.path(), "target/app.jar", Some(EXECUTABLE));
        assert_eq!(
            found_jar(dir.path(), None),
            Some(PathBuf::from("target/app.jar"))
        );
    }

    #[test]
    fn the_walk_is_breadth_first_and_sorted_and_skips_jars_without_main_class() {
        let dir = app();
        jar(dir.path(), "a/deep/first-by-name.jar", Some(EXECUTABLE));
        jar(dir.path(), "b/z.jar", Some(EXECUTABLE));
        jar(dir.path(), "b/y.jar", Some(EXECUTABLE));
        jar(dir.path(), "a/library.jar", Some(LIBRARY));
        jar(dir.path(), "a/no-manifest.jar", None);
        assert_eq!(found_jar(dir.path(), None), Some(PathBuf::from("b/y.jar")));
        jar(dir.path(), "top.jar", Some(EXECUTABLE));
        assert_eq!(found_jar(dir.path(), None), Some(PathBuf::from("top.jar")));
    }

    #[test]
    fn no_jar_with_main_class_is_none() {
        let dir = app();
        jar(dir.path(), "lib/library.jar", Some(LIBRARY));
        write(dir.path(), "README.md", b"# app\n");
        assert_eq!(find(dir.path(), None), Ok(None));
        assert_eq!(find(app().path(), None), Ok(None));
    }

    #[test]
    fn the_location_pattern_chooses_among_its_matches_only() {
        let dir = app();
        jar(dir.path(), "a.jar", Some(EXECUTABLE));
        jar(dir.path(), "build/libs/app-plain.jar", Some(LIBRARY));
        jar(dir.path(), "build/libs/app.jar", Some(EXECUTABLE));
        assert_eq!(
            found_jar(dir.path(), Some("build/libs/*.jar")),
            Some(PathBuf::from("build/libs/app.jar"))
        );
        let error = find(dir.path(), Some("build/libs/*-plain.jar")).expect_err("no Main-Class");
        assert_eq!(error.id, "executable-jar/no-jar-at-location");
        let error = find(dir.path(), Some("target/*.jar")).expect_err("no match");
        assert_eq!(error.id, "executable-jar/no-jar-at-location");
    }

    #[test]
    fn a_jar_that_is_not_a_zip_before_the_executable_is_an_error() {
        let dir = app();
        write(dir.path(), "a.jar", b"not a zip");
        jar(dir.path(), "b.jar", Some(EXECUTABLE));
        let error = find(dir.path(), None).expect_err("not a zip");
        assert_eq!(error.id, "executable-jar/not-a-zip");
        assert_eq!(
            error.subject,
            Some(stowage_kit::error::Subject::File("a.jar".into()))
        );
    }

    #[test]
    fn a_malformed_manifest_is_an_error_naming_the_entry() {
        let dir = app();
        jar(dir.path(), "app.jar", Some("Main-Class:App\n"));
        let error = find(dir.path(), None).expect_err("malformed");
        assert_eq!(error.id, "executable-jar/malformed-manifest");
        assert_eq!(
            error.subject,
            Some(stowage_kit::error::Subject::File(
                "app.jar!/META-INF/MANIFEST.MF".into()
            ))
        );
        let dir = app();
        write(dir.path(), MANIFEST, b"Main-Class: App");
        let error = find(dir.path(), None).expect_err("malformed");
        assert_eq!(error.id, "executable-jar/malformed-manifest");
    }

    #[test]
    fn a_huge_manifest_is_not_read() {
        let dir = app();
        let huge = format!("Main-Class: App\nX: {}\n", "x".repeat(2 * 1024 * 1024));
        write(dir.path(), MANIFEST, huge.as_bytes());
        assert_eq!(
            find(dir.path(), None).expect_err("too large").id,
            "executable-jar/manifest-too-large"
        );
    }

    #[cfg(unix)]
    #[test]
    fn linked_folders_are_not_walked() {
        let dir = app();
        fs_err::create_dir_all(dir.path().join("a")).expect("mkdir");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).expect("link");
        jar(dir.path(), "a/app.jar", Some(EXECUTABLE));
        assert_eq!(walk(dir.path()), vec![PathBuf::from("a/app.jar")]);
    }
}
