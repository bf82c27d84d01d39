//! After the build: the one artifact matching `BP_MAVEN_BUILT_ARTIFACT` (default
//! `<BP_MAVEN_BUILT_MODULE>/target/*.[ejw]ar`) replaces the source as an exploded jar or war.
//!
//! The artifact is unpacked into a staging folder inside the app first, so a broken archive
//! leaves the source as it was; only then is the source removed and the staging moved up.

use crate::errors::{self, BUILT_ARTIFACT, BUILT_MODULE, TargetListing};
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::fetch::MAX_UNPACKED;

const DEFAULT_ARTIFACT: &str = "target/*.[ejw]ar";
const STAGING: &str = ".stowage-maven-exploded";

/// The app-relative path of the one built artifact.
pub(crate) fn find(app: &Path, config: &Config) -> Result<PathBuf, Error> {
    let module = config
        .string(BUILT_MODULE)
        .map(|module| module.trim().trim_end_matches('/').to_string())
        .filter(|module| !module.is_empty());
    let pattern = match config
        .string(BUILT_ARTIFACT)
        .filter(|value| !value.trim().is_empty())
    {
        Some(pattern) => pattern.trim().to_string(),
        None => match &module {
            Some(module) => format!("{module}/{DEFAULT_ARTIFACT}"),
            None => DEFAULT_ARTIFACT.to_string(),
        },
    };
    let matches: Vec<PathBuf> = stowage_jvm::glob(app, &pattern)
        .into_iter()
        .filter(|path| app.join(path).is_file())
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let folder = Path::new(&pattern)
                .parent()
                .filter(|parent| {
                    !parent.as_os_str().is_empty()
                        && !parent.to_string_lossy().contains(['*', '?', '['])
                })
                .map_or_else(
                    || {
                        module.as_ref().map_or_else(
                            || PathBuf::from("target"),
                            |m| Path::new(m).join("target"),
                        )
                    },
                    Path::to_path_buf,
                );
            Err(errors::no_built_artifact(
                &pattern,
                module.as_deref(),
                &listing(app, &folder),
            ))
        }
        several => Err(errors::several_artifacts(&pattern, several)),
    }
}

fn listing(app: &Path, folder: &Path) -> TargetListing {
    let Ok(entries) = std::fs::read_dir(app.join(folder)) else {
        return TargetListing::Missing(folder.to_path_buf());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                format!("{name}/")
            } else {
                name
            }
        })
        .collect();
    names.sort();
    TargetListing::Entries(folder.to_path_buf(), names)
}

/// Replaces everything in `app` with the unpacked `artifact` (a path inside `app`).
pub(crate) fn explode(app: &Path, artifact: &Path) -> Result<usize, Error> {
    let staging = app.join(STAGING);
    let _ = fs_err::remove_dir_all(&staging);
    let unpacked = unpack(artifact, &staging);
    let entries = match unpacked {
        Ok(entries) => entries,
        Err(error) => {
            let _ = fs_err::remove_dir_all(&staging);
            return Err(error);
        }
    };
    let replace = || -> std::io::Result<()> {
        for entry in fs_err::read_dir(app)? {
            let path = entry?.path();
            if path == staging {
                continue;
            }
            if path.is_dir() && !path.is_symlink() {
                fs_err::remove_dir_all(&path)?;
            } else {
                fs_err::remove_file(&path)?;
            }
        }
        for entry in fs_err::read_dir(&staging)? {
            let entry = entry?;
            fs_err::rename(entry.path(), app.join(entry.file_name()))?;
        }
        fs_err::remove_dir(&staging)
    };
    replace().map_err(|error| errors::app_not_replaced(app, &error))?;
    Ok(entries)
}

/// Unpacks the zip at `artifact` into `into`; refuses entries that would land outside it and
/// links (a jar has none). Returns the number of files.
fn unpack(artifact: &Path, into: &Path) -> Result<usize, Error> {
    let unreadable = |error: &dyn std::fmt::Display| errors::artifact_unreadable(artifact, &error);
    let file = fs_err::File::open(artifact).map_err(|error| unreadable(&error))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|error| unreadable(&error))?;
    fs_err::create_dir_all(into).map_err(|error| unreadable(&error))?;
    let mut files = 0;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|error| unreadable(&error))?;
        let Some(relative) = entry.enclosed_name() else {
            return Err(unreadable(&format!(
                "the entry `{}` would land outside the app",
                entry.name()
            )));
        };
        if entry.is_symlink() {
            return Err(unreadable(&format!(
                "the entry `{}` is a symbolic link",
                entry.name()
            )));
        }
        let target = into.join(&relative);
        if entry.is_dir() {
            fs_err::create_dir_all(&target).map_err(|error| unreadable(&error))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            fs_err::create_dir_all(parent).map_err(|error| unreadable(&error))?;
        }
        let mut out = fs_err::File::create(&target).map_err(|error| unreadable(&error))?;
        let limit = MAX_UNPACKED.saturating_sub(total);
        let written = std::io::copy(&mut (&mut entry).take(limit.saturating_add(1)), &mut out)
            .map_err(|error| unreadable(&error))?;
        total += written;
        if total > MAX_UNPACKED {
            return Err(unreadable(&format!(
                "it unpacks to more than {MAX_UNPACKED} bytes"
            )));
        }
        out.flush().map_err(|error| unreadable(&error))?;
        let executable = entry.unix_mode().is_some_and(|mode| mode & 0o111 != 0);
        let mode = if executable { 0o755 } else { 0o644 };
        fs_err::set_permissions(&target, std::fs::Permissions::from_mode(mode))
            .map_err(|error| unreadable(&error))?;
        files += 1;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    fn jar(path: &Path, entries: &[(&str, &str)]) {
        let mut zip = zip::ZipWriter::new(fs_err::File::create(path).expect("create").into_file());
        for (name, content) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            zip.write_all(content.as_bytes()).expect("write");
        }
        zip.finish().expect("zip");
    }

    #[test]
    fn the_artifact_replaces_the_source() {
        let app = tempfile::tempdir().expect("tempdir");
        fs_err::create_dir_all(app.path().join("src/main")).expect("mkdir");
        fs_err::create_dir_all(app.path().join("target")).expect("mkdir");
        fs_err::write(app.path().join("pom.xml"), "<project/>").expect("pom");
        jar(
            &app.path().join("target/app.jar"),
            &[
                ("META-INF/MANIFEST.MF", "Main-Class: A\n"),
                ("a/A.class", "x"),
            ],
        );
        let found = find(app.path(), &Config::new(&Env::new())).expect("one");
        assert_eq!(found, PathBuf::from("target/app.jar"));
        assert_eq!(
            explode(app.path(), &app.path().join(found)).expect("explode"),
            2
        );
        let names = integration_tests::support::names_in(app.path());
        assert_eq!(names, ["META-INF", "a"]);
    }

    #[test]
    fn an_escaping_entry_leaves_the_source_untouched() {
        let app = tempfile::tempdir().expect("tempdir");
        fs_err::write(app.path().join("pom.xml"), "<project/>").expect("pom");
        jar(&app.path().join("app.jar"), &[("../evil", "x")]);
        let error = explode(app.path(), &app.path().join("app.jar")).expect_err("unsafe");
        assert_eq!(error.id, "maven/artifact-unreadable");
        assert!(app.path().join("pom.xml").exists());
        assert!(!app.path().join(STAGING).exists());
        assert!(!app.path().parent().expect("parent").join("evil").exists());
    }
}
