//! `package.json`: only the fields buildpacks act on; everything else is left alone.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use stowage_kit::Error;

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
        serde_json::from_str(&text).map(Some).map_err(|error| {
            let (id, header) = if error.classify() == serde_json::error::Category::Data {
                (
                    "nodejs/invalid-package-json-field",
                    "package.json has a field of the wrong type",
                )
            } else {
                ("nodejs/invalid-package-json", "package.json is not valid JSON")
            };
            Error::new(
                id,
                header,
                format!(
                    "Fix the problem at line {}, column {} and build again: {}.\nRunning `npm pkg get name` in the app folder checks the file the same way npm will.",
                    error.line(),
                    error.column(),
                    problem(&error)
                ),
            )
            .file("package.json")
        })
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
}
