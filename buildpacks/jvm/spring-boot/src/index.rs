//! Spring Boot's indexes, YAML-like lists that its build plugins write:
//! `layers.idx` (`- "layer":` then `  - "path"` lines) and `classpath.idx` (`- "jar"` lines).
//! Each path must be in the app: a missing one means the jar was changed after packaging.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;

/// One `layers.idx` layer and its paths, relative to the app (directories end with `/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layer {
    pub name: String,
    pub paths: Vec<String>,
}

const LAYER_LINE: &str = "a layer (`- \"name\":`) or one of its paths (`  - \"path\"`)";
const JAR_LINE: &str = "a class path entry (`- \"BOOT-INF/lib/name.jar\"`)";

pub(crate) fn layers(app: &Path, index: &Path) -> Result<Vec<Layer>, Error> {
    let text = read(app, index)?;
    let mut layers: Vec<Layer> = Vec::new();
    for (number, line) in numbered(&text) {
        if let Some(name) = line
            .strip_prefix("- ")
            .and_then(|rest| rest.strip_suffix(':'))
            .and_then(quoted)
        {
            layers.push(Layer {
                name: name.to_string(),
                paths: Vec::new(),
            });
            continue;
        }
        let path = line.strip_prefix("  - ").and_then(quoted);
        match (path, layers.last_mut()) {
            (Some(path), Some(layer)) => {
                exists(app, index, number, path)?;
                layer.paths.push(path.to_string());
            }
            _ => return Err(errors::malformed_index(index, number, line, LAYER_LINE)),
        }
    }
    Ok(layers)
}

/// The jars in class path order, relative to the app. Entries of Spring Boot 2.3 name only the
/// jar; they are in `lib`.
pub(crate) fn class_path(app: &Path, index: &Path, lib: &Path) -> Result<Vec<String>, Error> {
    let text = read(app, index)?;
    let mut jars = Vec::new();
    for (number, line) in numbered(&text) {
        let Some(entry) = line.strip_prefix("- ").and_then(quoted) else {
            return Err(errors::malformed_index(index, number, line, JAR_LINE));
        };
        let path = if entry.contains('/') {
            entry.to_string()
        } else {
            format!("{}/{entry}", lib.display())
        };
        exists(app, index, number, &path)?;
        jars.push(path);
    }
    Ok(jars)
}

fn read(app: &Path, index: &Path) -> Result<String, Error> {
    std::fs::read_to_string(app.join(index)).map_err(|error| errors::unreadable(index, &error))
}

/// Non-blank lines with their 1-based numbers, without line ends.
fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty())
}

fn quoted(text: &str) -> Option<&str> {
    text.strip_prefix('"')?
        .strip_suffix('"')
        .filter(|inner| !inner.is_empty() && !inner.contains('"'))
}

fn exists(app: &Path, index: &Path, number: usize, path: &str) -> Result<(), Error> {
    // A path that climbs out of the app is not the app's.
    let inside = !path.starts_with('/') && !path.split('/').any(|part| part == "..");
    if inside && app.join(path).symlink_metadata().is_ok() {
        Ok(())
    } else {
        Err(errors::missing_indexed_path(index, number, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYERS: &str = "- \"dependencies\":\n  - \"BOOT-INF/lib/\"\n- \"spring-boot-loader\":\n  - \"org/\"\n- \"snapshot-dependencies\":\n- \"application\":\n  - \"BOOT-INF/classes/\"\n  - \"META-INF/\"\n";

    fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("dir");
        for (path, content) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, content).expect("write");
        }
        dir
    }

    #[test]
    fn reads_the_layers_in_order_with_their_paths() {
        let dir = app(&[
            ("BOOT-INF/layers.idx", LAYERS),
            ("BOOT-INF/lib/a.jar", ""),
            ("org/Loader.class", ""),
            ("BOOT-INF/classes/App.class", ""),
            ("META-INF/MANIFEST.MF", ""),
        ]);
        let layers = layers(dir.path(), Path::new("BOOT-INF/layers.idx")).expect("layers");
        let names: Vec<&str> = layers.iter().map(|layer| layer.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "dependencies",
                "spring-boot-loader",
                "snapshot-dependencies",
                "application"
            ]
        );
        assert_eq!(layers[0].paths, ["BOOT-INF/lib/"]);
        assert!(layers[2].paths.is_empty());
        assert_eq!(layers[3].paths, ["BOOT-INF/classes/", "META-INF/"]);
    }

    #[test]
    fn a_path_before_any_layer_or_unquoted_is_malformed() {
        let dir = app(&[
            ("l.idx", "  - \"BOOT-INF/lib/\"\n"),
            ("BOOT-INF/lib/a.jar", ""),
        ]);
        let error = layers(dir.path(), Path::new("l.idx")).expect_err("malformed");
        assert_eq!(error.id, "spring-boot/malformed-index");
        let dir = app(&[("l.idx", "- \"dependencies\":\n  - BOOT-INF/lib/\n")]);
        let error = layers(dir.path(), Path::new("l.idx")).expect_err("malformed");
        assert!(error.header.contains("line 2"), "{}", error.header);
    }

    #[test]
    fn a_path_outside_the_app_is_missing() {
        let dir = app(&[("l.idx", "- \"a\":\n  - \"../etc/\"\n")]);
        let error = layers(dir.path(), Path::new("l.idx")).expect_err("missing");
        assert_eq!(error.id, "spring-boot/missing-indexed-path");
    }

    #[test]
    fn class_path_entries_with_or_without_the_lib_folder() {
        let dir = app(&[
            (
                "BOOT-INF/classpath.idx",
                "- \"BOOT-INF/lib/b.jar\"\n- \"a.jar\"\n",
            ),
            ("BOOT-INF/lib/a.jar", ""),
            ("BOOT-INF/lib/b.jar", ""),
        ]);
        let jars = class_path(
            dir.path(),
            Path::new("BOOT-INF/classpath.idx"),
            Path::new("BOOT-INF/lib"),
        )
        .expect("class path");
        assert_eq!(jars, ["BOOT-INF/lib/b.jar", "BOOT-INF/lib/a.jar"]);
    }
}
