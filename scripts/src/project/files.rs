//! The app's files a build gets: all, or those the descriptor's gitignore-style include
//! patterns match, or all but those its exclude patterns match (pack matches each path
//! relative to the app the same way).

use super::{Descriptor, Files, errors};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::Path;
use stowage_kit::Error;

/// Include or exclude, and the compiled patterns.
pub(super) enum Matcher {
    All,
    Include(Gitignore),
    Exclude(Gitignore),
}

pub(super) fn matcher(descriptor: &Descriptor) -> Result<Matcher, Error> {
    let compile = |patterns: &[String]| -> Result<Gitignore, Error> {
        // Patterns are matched against paths relative to the app: the root is "".
        let mut builder = GitignoreBuilder::new("");
        for pattern in patterns {
            builder
                .add_line(None, pattern)
                .map_err(|error| errors::bad_pattern(&descriptor.path, pattern, &error))?;
        }
        builder
            .build()
            .map_err(|error| errors::bad_pattern(&descriptor.path, &patterns.join(" "), &error))
    };
    Ok(match &descriptor.files {
        Files::All => Matcher::All,
        Files::Include(patterns) => Matcher::Include(compile(patterns)?),
        Files::Exclude(patterns) => Matcher::Exclude(compile(patterns)?),
    })
}

impl Matcher {
    /// Whether `relative` (a path in the app) reaches the build. A path under a matching
    /// folder matches, as in a .gitignore.
    fn keeps(&self, relative: &Path, is_dir: bool) -> bool {
        match self {
            Self::All => true,
            Self::Include(patterns) => patterns
                .matched_path_or_any_parents(relative, is_dir)
                .is_ignore(),
            Self::Exclude(patterns) => !patterns
                .matched_path_or_any_parents(relative, is_dir)
                .is_ignore(),
        }
    }
}

/// Copies the app into `dest` (emptied first) as the build's workspace: the files the
/// descriptor lets through, with symlinks kept as links and modes and times kept. Returns the
/// number of files left out.
pub fn copy_app(app: &Path, dest: &Path, descriptor: Option<&Descriptor>) -> Result<usize, Error> {
    let matcher = match descriptor {
        Some(descriptor) => matcher(descriptor)?,
        None => Matcher::All,
    };
    if dest.exists() {
        fs_err::remove_dir_all(dest).map_err(|error| copy_error(dest, &error))?;
    }
    fs_err::create_dir_all(dest).map_err(|error| copy_error(dest, &error))?;
    let mut left_out = 0;
    copy_dir(app, dest, Path::new(""), &matcher, &mut left_out)?;
    Ok(left_out)
}

fn copy_dir(
    app: &Path,
    dest: &Path,
    relative: &Path,
    matcher: &Matcher,
    left_out: &mut usize,
) -> Result<(), Error> {
    let from = app.join(relative);
    let entries = fs_err::read_dir(&from).map_err(|error| copy_error(&from, &error))?;
    for entry in entries {
        let entry = entry.map_err(|error| copy_error(&from, &error))?;
        let path = relative.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|error| copy_error(&entry.path(), &error))?;
        let source = entry.path();
        let target = dest.join(&path);
        if kind.is_dir() {
            if matches!(matcher, Matcher::Exclude(_)) && !matcher.keeps(&path, true) {
                *left_out += 1;
                continue;
            }
            // With include, a folder is made for any file kept in it (or when it matches).
            if matcher.keeps(&path, true) {
                make_dir(&target)?;
            }
            copy_dir(app, dest, &path, matcher, left_out)?;
            continue;
        }
        if !matcher.keeps(&path, false) {
            *left_out += 1;
            continue;
        }
        if let Some(parent) = target.parent() {
            make_dir(parent)?;
        }
        if kind.is_symlink() {
            let link = fs_err::read_link(&source).map_err(|error| copy_error(&source, &error))?;
            std::os::unix::fs::symlink(&link, &target)
                .map_err(|error| copy_error(&target, &error))?;
        } else if kind.is_file() {
            copy_file(&source, &target)?;
        }
        // Sockets, fifos and devices are no app files; pack leaves sockets out too.
    }
    Ok(())
}

fn make_dir(path: &Path) -> Result<(), Error> {
    fs_err::create_dir_all(path).map_err(|error| copy_error(path, &error))
}

/// Copies bytes and mode (`fs::copy`), then the modification time.
fn copy_file(source: &Path, target: &Path) -> Result<(), Error> {
    fs_err::copy(source, target).map_err(|error| copy_error(source, &error))?;
    let modified = fs_err::metadata(source)
        .and_then(|metadata| metadata.modified())
        .map_err(|error| copy_error(source, &error))?;
    std::fs::File::options()
        .write(true)
        .open(target)
        .and_then(|file| file.set_modified(modified))
        .map_err(|error| copy_error(target, &error))
}

fn copy_error(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "build-app/app-copy-failed",
        format!(
            "The app could not be copied for the build at {}",
            path.display()
        ),
        "Check that the app's files are readable and that the disk has space.",
    )
    .file(path)
    .debug(error)
}
