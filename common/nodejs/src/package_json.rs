//! `package.json`: only the fields buildpacks act on; everything else is left alone.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use stowage_kit::Error;

mod shape;

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct PackageJson {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub main: Option<String>,
    #[serde(default)]
    pub engines: Engines,
    #[serde(default)]
    pub scripts: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Engines {
    #[serde(default)]
    pub node: Option<String>,
}

impl PackageJson {
    /// Reads `package.json` from `dir`; `Ok(None)` when the app has none.
    pub fn read_from(dir: &Path) -> Result<Option<Self>, Error> {
        let path = dir.join("package.json");
        let text = match fs_err::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(Error::new(
                    "nodejs/unreadable-package-json",
                    "package.json cannot be read",
                    "Check that the file is readable and is not a broken symlink.",
                )
                .file("package.json")
                .debug(error));
            }
        };
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|error| {
            invalid(
                "nodejs/invalid-package-json",
                "package.json is not valid JSON",
                &format!(
                    "Fix the problem at line {}, column {} and build again: {}.",
                    error.line(),
                    error.column(),
                    problem(&error)
                ),
            )
        })?;
        // Checked on the JSON value: serde would name Rust types, and reads an array as a struct.
        let wrong_shape = |problem: String| {
            invalid(
                "nodejs/invalid-package-json-field",
                "package.json has a field of the wrong type",
                &format!("Fix it and build again: {problem}."),
            )
        };
        if let Some(problem) = shape::problem(&value) {
            return Err(wrong_shape(problem));
        }
        Self::deserialize(value)
            .map(Some)
            .map_err(|error| wrong_shape(error.to_string()))
    }

    /// For detect: `package.json` as far as it reads, `None` when it is missing or broken.
    /// Build reports a broken file, once: the lifecycle prints a detect error once for every
    /// order group the buildpack is in, and a failed detect would hide the app as "not Node".
    #[must_use]
    pub fn read_in_detect(dir: &Path) -> Option<Self> {
        Self::read_from(dir).ok().flatten()
    }

    /// The `engines.node` range, when one is set and not blank.
    #[must_use]
    pub fn node_engine(&self) -> Option<&str> {
        self.engines
            .node
            .as_deref()
            .map(str::trim)
            .filter(|range| !range.is_empty())
    }
}

fn invalid(id: &'static str, header: &str, fix: &str) -> Error {
    Error::new(
        id,
        header,
        format!(
            "{fix}\nRunning `npm pkg get name` in the app folder checks the file the same way npm will."
        ),
    )
    .file("package.json")
}

/// `serde_json`'s message without its trailing position, which the body already gives.
fn problem(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(end) => message[..end].to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(package_json: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::write(dir.path().join("package.json"), package_json).expect("write");
        dir
    }

    #[test]
    fn reads_engines_scripts_and_main() {
        let dir = app(
            r#"{"name":"a","main":"srv.js","engines":{"node":" ^22 "},"scripts":{"start":"node srv.js"},"extra":[1]}"#,
        );
        let package = PackageJson::read_from(dir.path())
            .expect("valid")
            .expect("present");
        assert_eq!(package.node_engine(), Some("^22"));
        assert_eq!(package.main.as_deref(), Some("srv.js"));
        assert_eq!(package.scripts["start"], "node srv.js");
    }

    #[test]
    fn missing_file_is_none_and_blank_engine_is_unset() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(PackageJson::read_from(dir.path()), Ok(None));
        let dir = app(r#"{"engines":{"node":"  "}}"#);
        let package = PackageJson::read_from(dir.path())
            .expect("valid")
            .expect("present");
        assert_eq!(package.node_engine(), None);
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let dir = app("{\n  \"name\": \"a\",\n  \"engines\": {\"node\": \"^22\",}\n}");
        let error = PackageJson::read_from(dir.path()).expect_err("malformed");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn wrong_types_are_reported_too() {
        let dir = app(r#"{"engines":{"node":22}}"#);
        let error = PackageJson::read_from(dir.path()).expect_err("node must be a string");
        insta::assert_snapshot!(error.render());
    }

    /// Each wrong shape names the field and the JSON type it must have, never a Rust type.
    #[test]
    fn wrong_shapes_name_the_field_and_the_json_type() {
        use std::fmt::Write as _;
        let shapes = [
            ("an array", "[]"),
            ("a string", "\"my-app\""),
            ("null", "null"),
            ("scripts as an array", r#"{"scripts": []}"#),
            ("a script as a number", r#"{"scripts": {"start": 1}}"#),
            ("engines as a string", r#"{"engines": "^22"}"#),
            ("engines.node as a number", r#"{"engines": {"node": 18}}"#),
            ("name as an object", r#"{"name": {}}"#),
            ("main as a boolean", r#"{"main": true}"#),
        ];
        let mut report = String::new();
        for (shape, text) in shapes {
            let error = PackageJson::read_from(app(text).path()).expect_err(shape);
            let rendered = error.render();
            assert!(
                !rendered.contains("struct")
                    && !rendered.contains("map")
                    && !rendered.contains("sequence"),
                "{rendered}"
            );
            let _ = writeln!(report, "{shape}: {text}\n{rendered}");
        }
        insta::assert_snapshot!(report);
    }
}
