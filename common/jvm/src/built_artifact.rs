//! What a build tool's buildpack does after the build: the one artifact a glob matches
//! replaces the source as an exploded jar or war. The artifact is unpacked into a staging
//! folder inside the app first, so a broken archive leaves the source as it was; only then is
//! the source removed and the staging moved up. Entries that would land outside the app,
//! links, and archives unpacking past the kit's size limit are refused.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use stowage_kit::config::Config;
use stowage_kit::fetch::MAX_UNPACKED;

/// What the artifact is looked for with.
#[derive(Debug, PartialEq, Eq)]
pub struct Wanted {
    /// A glob relative to the app.
    pub pattern: String,
    /// The module folder the build tool's `BP_*_BUILT_MODULE` names, if set.
    pub module: Option<String>,
}

/// `artifact_variable` when set, else `default` (such as `target/*.[ejw]ar`) inside the
/// folder `module_variable` names, if set.
#[must_use]
pub fn wanted(
    config: &Config,
    artifact_variable: &str,
    module_variable: &str,
    default: &str,
) -> Wanted {
    let module = config
        .string(module_variable)
        .map(|module| module.trim().trim_end_matches('/').to_string())
        .filter(|module| !module.is_empty());
    let pattern = match config
        .string(artifact_variable)
        .filter(|value| !value.trim().is_empty())
    {
        Some(pattern) => pattern.trim().to_string(),
        None => match &module {
            Some(module) => format!("{module}/{default}"),
            None => default.to_string(),
        },
    };
    Wanted { pattern, module }
}

/// Why the artifact did not replace the source; the buildpack makes it its own error.
#[derive(Debug, PartialEq, Eq)]
pub enum ExplodeError {
    /// The artifact is not a readable, safe zip; the source is untouched.
    Unreadable(String),
    /// Moving the unpacked artifact into place failed.
    NotReplaced(String),
}

/// The files under `app` that `pattern` matches, relative to `app`, sorted.
#[must_use]
pub fn matching(app: &Path, pattern: &str) -> Vec<PathBuf> {
    crate::glob(app, pattern)
        .into_iter()
        .filter(|path| app.join(path).is_file())
        .collect()
}

/// Replaces everything in `app` with the unpacked `artifact` (a path inside `app`); returns
/// the number of files.
pub fn explode(app: &Path, artifact: &Path, staging_name: &str) -> Result<usize, ExplodeError> {
    let staging = app.join(staging_name);
    let _ = fs_err::remove_dir_all(&staging);
    let files = match unpack(artifact, &staging) {
        Ok(files) => files,
        Err(error) => {
            let _ = fs_err::remove_dir_all(&staging);
            return Err(ExplodeError::Unreadable(error));
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
    replace().map_err(|error| ExplodeError::NotReplaced(error.to_string()))?;
    Ok(files)
}

fn unpack(artifact: &Path, into: &Path) -> Result<usize, String> {
    let text = |error: &dyn std::fmt::Display| error.to_string();
    let file = fs_err::File::open(artifact).map_err(|error| text(&error))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|error| text(&error))?;
    fs_err::create_dir_all(into).map_err(|error| text(&error))?;
    let mut files = 0;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|error| text(&error))?;
        let Some(relative) = entry.enclosed_name() else {
            return Err(format!(
                "the entry `{}` would land outside the app",
                entry.name()
            ));
        };
        if entry.is_symlink() {
            return Err(format!("the entry `{}` is a symbolic link", entry.name()));
        }
        let target = into.join(&relative);
        if entry.is_dir() {
            fs_err::create_dir_all(&target).map_err(|error| text(&error))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            fs_err::create_dir_all(parent).map_err(|error| text(&error))?;
        }
        let mut out = fs_err::File::create(&target).map_err(|error| text(&error))?;
        let limit = MAX_UNPACKED.saturating_sub(total);
        let written = std::io::copy(&mut (&mut entry).take(limit.saturating_add(1)), &mut out)
            .map_err(|error| text(&error))?;
        total += written;
        if total > MAX_UNPACKED {
            return Err(format!("it unpacks to more than {MAX_UNPACKED} bytes"));
        }
        out.flush().map_err(|error| text(&error))?;
        let executable = entry.unix_mode().is_some_and(|mode| mode & 0o111 != 0);
        let mode = if executable { 0o755 } else { 0o644 };
        fs_err::set_permissions(&target, std::fs::Permissions::from_mode(mode))
            .map_err(|error| text(&error))?;
        files += 1;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jar(path: &Path, entries: &[(&str, &str)]) {
        let mut zip = zip::ZipWriter::new(fs_err::File::create(path).expect("create"));
        for (name, content) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            zip.write_all(content.as_bytes()).expect("write");
        }
        zip.finish().expect("zip");
    }

    #[test]
    fn the_module_prefixes_the_default_and_the_artifact_wins() {
        let wanted = |pairs: &[(&str, &str)]| {
            let env = stowage_kit::config::env_of(pairs.iter().copied());
            wanted(&Config::new(&env), "ARTIFACT", "MODULE", "target/*.jar")
        };
        assert_eq!(
            wanted(&[]),
            Wanted {
                pattern: "target/*.jar".to_string(),
                module: None
            }
        );
        assert_eq!(
            wanted(&[("MODULE", " web/ ")]),
            Wanted {
                pattern: "web/target/*.jar".to_string(),
                module: Some("web".to_string())
            }
        );
        assert_eq!(
            wanted(&[("MODULE", "web"), ("ARTIFACT", " out/app.war ")]).pattern,
            "out/app.war"
        );
    }

    #[test]
    fn the_artifact_replaces_the_source() {
        let app = tempfile::tempdir().expect("dir");
        fs_err::create_dir_all(app.path().join("build/libs")).expect("mkdir");
        fs_err::write(app.path().join("build.gradle"), "").expect("write");
        jar(
            &app.path().join("build/libs/app.jar"),
            &[
                ("META-INF/MANIFEST.MF", "Main-Class: a.B\n"),
                ("a/B.class", ""),
            ],
        );
        assert_eq!(
            matching(app.path(), "build/libs/*.[jw]ar"),
            [PathBuf::from("build/libs/app.jar")]
        );
        let files = explode(
            app.path(),
            &app.path().join("build/libs/app.jar"),
            ".staging",
        )
        .expect("exploded");
        assert_eq!(files, 2);
        let names = integration_tests::support::names_in(app.path());
        assert_eq!(names, ["META-INF", "a"]);
    }

    #[test]
    fn an_escaping_entry_leaves_the_source_untouched() {
        let app = tempfile::tempdir().expect("dir");
        fs_err::write(app.path().join("build.gradle"), "").expect("write");
        jar(&app.path().join("app.jar"), &[("../evil", "x")]);
        let error =
            explode(app.path(), &app.path().join("app.jar"), ".staging").expect_err("unsafe");
        assert!(matches!(error, ExplodeError::Unreadable(reason) if reason.contains("outside")));
        assert!(app.path().join("build.gradle").is_file());
        assert!(!app.path().join(".staging").exists());
    }
}
