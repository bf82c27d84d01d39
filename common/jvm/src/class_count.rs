//! How many classes an app may load, counted the way Paketo's memory calculator counts them:
//! class-like files under the app, entries in its jars and in jars nested one level inside them.

use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

/// File endings that stand for one loaded class.
const CLASS_ENDINGS: [&str; 5] = [".class", ".classdata", ".clj", ".groovy", ".kts"];

/// A nested jar larger than this is not read into memory to be counted.
const NESTED_JAR_LIMIT: u64 = 256 * 1024 * 1024;

fn is_class(name: &str) -> bool {
    CLASS_ENDINGS.iter().any(|ending| name.ends_with(ending))
}

/// Class files under `path` plus the classes in every jar there. Folder links are not followed;
/// what cannot be read counts as nothing, so an odd file never stops the app from starting.
#[must_use]
#[allow(clippy::case_sensitive_file_extension_comparisons)]
pub fn app_classes(path: &Path) -> u64 {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if metadata.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return 0;
        };
        return entries
            .filter_map(Result::ok)
            .map(|entry| app_classes(&entry.path()))
            .sum();
    }
    let name = path.to_string_lossy();
    if name.ends_with(".jar") {
        jar_classes(path)
    } else {
        u64::from(is_class(&name))
    }
}

/// The classes in one jar and in the jars directly inside it; 0 if it is not a readable zip.
#[must_use]
pub fn jar_classes(path: &Path) -> u64 {
    File::open(path).map_or(0, |file| zip_classes(file, true))
}

// Endings compare case-sensitively, as Paketo's count does.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn zip_classes<R: Read + Seek>(reader: R, open_nested: bool) -> u64 {
    let Ok(mut archive) = zip::ZipArchive::new(reader) else {
        return 0;
    };
    let mut count = 0;
    for index in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(index) else {
            continue;
        };
        let name = entry.name().to_string();
        if is_class(&name) {
            count += 1;
        } else if open_nested && name.ends_with(".jar") && entry.size() <= NESTED_JAR_LIMIT {
            let mut bytes = Vec::new();
            if entry.read_to_end(&mut bytes).is_ok() {
                count += zip_classes(Cursor::new(bytes), false);
            }
        }
    }
    count
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A zip with these entry names (each holding a few bytes) or, for `(name, Some(bytes))`,
    /// that content.
    pub(crate) fn zip_bytes(entries: &[(&str, Option<Vec<u8>>)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .expect("start entry");
            writer
                .write_all(content.as_deref().unwrap_or(b"cafe"))
                .expect("write entry");
        }
        writer.finish().expect("finish zip").into_inner()
    }

    fn names<'a>(names: &[&'a str]) -> Vec<(&'a str, Option<Vec<u8>>)> {
        names.iter().map(|name| (*name, None)).collect()
    }

    #[test]
    fn counts_class_like_files_and_jar_entries_one_level_deep() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = dir.path();
        for file in [
            "a/A.class",
            "a/B.classdata",
            "scripts/x.clj",
            "scripts/y.groovy",
            "build.gradle.kts",
            "README.md",
            "A.java",
        ] {
            let path = app.join(file);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, "x").expect("write");
        }
        let innermost = zip_bytes(&names(&["deep/Z.class"]));
        let nested = zip_bytes(&[
            ("n/N1.class", None),
            ("n/N2.class", None),
            ("n/inner.jar", Some(innermost)),
        ]);
        let jar = zip_bytes(&[
            ("META-INF/MANIFEST.MF", None),
            ("com/J1.class", None),
            ("com/J2.class", None),
            ("com/J3.kts", None),
            ("BOOT-INF/lib/nested.jar", Some(nested)),
        ]);
        fs_err::create_dir_all(app.join("lib")).expect("mkdir");
        fs_err::write(app.join("lib/app.jar"), jar).expect("write jar");
        fs_err::write(app.join("lib/broken.jar"), "not a zip").expect("write");
        // 5 files + 3 in the jar + 2 in the nested jar; the jar nested twice is not opened.
        assert_eq!(app_classes(app), 10);
        assert_eq!(jar_classes(&app.join("lib/app.jar")), 5);
        assert_eq!(jar_classes(&app.join("lib/broken.jar")), 0);
        assert_eq!(app_classes(&app.join("missing")), 0);
    }

    #[cfg(unix)]
    #[test]
    fn folder_links_are_not_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = dir.path().join("app");
        fs_err::create_dir_all(app.join("classes")).expect("mkdir");
        fs_err::write(app.join("classes/A.class"), "x").expect("write");
        std::os::unix::fs::symlink(app.join("classes"), app.join("again")).expect("link");
        assert_eq!(app_classes(&app), 1);
    }
}
