//! `global.json`: the SDK the app asks for (`sdk.version`) and how far it may roll forward
//! (`sdk.rollForward`, default `patch`). Looked for in the app folder, then its parents.

use crate::{RollForward, comments, errors};
use serde_json::Value;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalJson {
    pub path: PathBuf,
    pub version: semver::Version,
    pub roll_forward: RollForward,
}

impl GlobalJson {
    /// The nearest `global.json` from `dir` up that sets `sdk.version`; a nearer one without
    /// it does not hide a farther one (as Paketo's detect reads them).
    pub fn find(dir: &Path) -> Result<Option<Self>, Error> {
        for folder in dir.ancestors() {
            let path = folder.join("global.json");
            // Errors name the app's own file as `global.json`, a parent's by its path.
            let shown = if folder == dir {
                PathBuf::from("global.json")
            } else {
                path.clone()
            };
            if path.is_file()
                && let Some(found) = Self::read_as(&path, &shown)?
            {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// `None` when the file sets no `sdk.version`.
    pub fn read(path: &Path) -> Result<Option<Self>, Error> {
        Self::read_as(path, path)
    }

    /// [`GlobalJson::read`], errors naming the file `shown`.
    fn read_as(path: &Path, shown: &Path) -> Result<Option<Self>, Error> {
        let text =
            fs_err::read_to_string(path).map_err(|error| errors::unreadable(shown, &error))?;
        let value: Value = serde_json::from_str(&comments::strip(&text))
            .map_err(|error| errors::not_json(shown, &error))?;
        let field = |name: &str| match value.get("sdk").and_then(|sdk| sdk.get(name)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.trim().to_string())),
            Some(_) => Err(errors::wrong_field(
                shown,
                &format!("sdk.{name}"),
                "a string",
            )),
        };
        if value
            .get("sdk")
            .is_some_and(|sdk| !sdk.is_object() && !sdk.is_null())
        {
            return Err(errors::wrong_field(shown, "sdk", "an object"));
        }
        let Some(version) = field("version")? else {
            return Ok(None);
        };
        let version = version
            .parse()
            .map_err(|_| errors::invalid_sdk_version(shown, &version))?;
        let roll_forward = RollForward::parse(field("rollForward")?.as_deref())
            .map_err(|error| error.file(shown))?;
        Ok(Some(Self {
            path: path.to_path_buf(),
            version,
            roll_forward,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("global.json");
        fs_err::write(&path, text).expect("write");
        path
    }

    #[test]
    fn version_and_policy_with_comments() {
        let dir = tempfile::tempdir().expect("dir");
        write(
            dir.path(),
            "{ // pinned\n \"sdk\": { \"version\": \"8.0.100\", \"rollForward\": \"latestMinor\" } }",
        );
        let found = GlobalJson::find(dir.path()).expect("ok").expect("found");
        assert_eq!(found.version.to_string(), "8.0.100");
        assert_eq!(found.roll_forward, RollForward::LatestMinor);
    }

    #[test]
    fn default_policy_is_patch_and_parents_are_searched() {
        let dir = tempfile::tempdir().expect("dir");
        write(dir.path(), r#"{"sdk": {"version": "9.0.100"}}"#);
        let app = dir.path().join("src/app");
        fs_err::create_dir_all(&app).expect("mkdir");
        fs_err::write(app.join("global.json"), r#"{"msbuild-sdks": {}}"#).expect("write");
        let found = GlobalJson::find(&app)
            .expect("ok")
            .expect("found in a parent");
        assert_eq!(found.roll_forward, RollForward::Patch);
        assert_eq!(found.path, dir.path().join("global.json"));
    }

    #[test]
    fn malformed_files_name_the_file_and_the_problem() {
        let dir = tempfile::tempdir().expect("dir");
        let cases = [
            "{\"sdk\": {\"version\": \"8.0.100\",}",
            r#"{"sdk": {"version": 8}}"#,
            r#"{"sdk": "8.0.100"}"#,
            r#"{"sdk": {"version": "8.0"}}"#,
            r#"{"sdk": {"version": "8.0.100", "rollForward": "disable"}}"#,
        ];
        let rendered: Vec<String> = cases
            .iter()
            .map(|text| {
                let path = write(dir.path(), text);
                GlobalJson::read(&path)
                    .expect_err(text)
                    .render()
                    .replace(&dir.path().display().to_string(), "<app>")
            })
            .collect();
        insta::assert_snapshot!(rendered.join("\n"));
    }
}
