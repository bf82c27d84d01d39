//! `<App>.runtimeconfig.json`, written by `dotnet publish`: the shared framework the app runs
//! on (`runtimeOptions.framework`, or `frameworks[]` where ASP.NET Core wins), or none for a
//! self-contained app.

use crate::{comments, errors};
use serde_json::Value;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

pub const NETCORE: &str = "Microsoft.NETCore.App";
pub const ASPNETCORE: &str = "Microsoft.AspNetCore.App";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Framework {
    pub name: String,
    /// What the file asks for; `*` when it names no version.
    pub version: String,
}

impl Framework {
    #[must_use]
    pub fn is_aspnet(&self) -> bool {
        self.name == ASPNETCORE
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeConfig {
    pub path: PathBuf,
    /// `App` of `App.runtimeconfig.json`: the app's dll or executable is named after it.
    pub app_name: String,
    /// `None`: a self-contained app, which needs no runtime.
    pub framework: Option<Framework>,
}

impl RuntimeConfig {
    /// The one `*.runtimeconfig.json` directly in `dir`; more than one is an error.
    pub fn find(dir: &Path) -> Result<Option<Self>, Error> {
        let mut found: Vec<PathBuf> = fs_err::read_dir(dir)
            .map_err(|error| errors::unreadable(dir, &error))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.is_file()
                    && path
                        .file_name()
                        .is_some_and(|name| name.to_string_lossy().ends_with(".runtimeconfig.json"))
            })
            .collect();
        found.sort();
        match found.as_slice() {
            [] => Ok(None),
            [one] => Self::read(one).map(Some),
            several => Err(errors::several_runtime_configs(
                &several
                    .iter()
                    .map(|path| file_name(path))
                    .collect::<Vec<_>>(),
            )),
        }
    }

    /// The app's runtimeconfig at build: in `<app>/<project path>` (a published app kept in a
    /// subfolder), else in `<app>` (where dotnet-publish moves its output, the project folder
    /// gone). Detect looks in `<app>/<project path>`, so build must too.
    pub fn find_for_build(app: &Path, project_path: &str) -> Result<Option<Self>, Error> {
        let project_dir = app.join(project_path);
        if project_dir != app
            && project_dir.is_dir()
            && let Some(found) = Self::find(&project_dir)?
        {
            return Ok(Some(found));
        }
        Self::find(app)
    }

    /// The folder the runtimeconfig is in: the app's dll or executable is beside it.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(&self.path)
    }

    /// Detect's view: a broken or ambiguous file reads as absent, build reports it.
    #[must_use]
    pub fn find_in_detect(dir: &Path) -> Option<Self> {
        Self::find(dir).ok().flatten()
    }

    pub fn read(path: &Path) -> Result<Self, Error> {
        let name = file_name(path);
        let text =
            fs_err::read_to_string(path).map_err(|error| errors::unreadable(path, &error))?;
        let value: Value = serde_json::from_str(&comments::strip(&text))
            .map_err(|error| errors::not_json(Path::new(&name), &error))?;
        let options = value.get("runtimeOptions");
        let framework_of = |value: &Value, field: &str| -> Result<Option<Framework>, Error> {
            let wrong = || {
                errors::wrong_field(
                    Path::new(&name),
                    field,
                    "an object with a string `name` and `version`",
                )
            };
            let Some(object) = value.as_object() else {
                return Err(wrong());
            };
            let text_of = |key: &str| match object.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(text)) => Ok(Some(text.trim().to_string())),
                Some(_) => Err(wrong()),
            };
            let Some(framework) = text_of("name")? else {
                return Ok(None);
            };
            Ok(Some(Framework {
                name: framework,
                version: text_of("version")?
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "*".to_string()),
            }))
        };
        let known = |framework: &Framework| framework.name == NETCORE || framework.is_aspnet();
        let mut chosen = None;
        if let Some(single) = options
            .and_then(|o| o.get("framework"))
            .filter(|v| !v.is_null())
        {
            chosen = framework_of(single, "runtimeOptions.framework")?.filter(known);
        }
        if chosen.is_none()
            && let Some(list) = options
                .and_then(|o| o.get("frameworks"))
                .filter(|v| !v.is_null())
        {
            let Some(list) = list.as_array() else {
                return Err(errors::wrong_field(
                    Path::new(&name),
                    "runtimeOptions.frameworks",
                    "a list",
                ));
            };
            let mut all = Vec::new();
            for item in list {
                all.extend(framework_of(item, "runtimeOptions.frameworks[]")?.filter(known));
            }
            chosen = all
                .iter()
                .find(|framework| framework.is_aspnet())
                .or_else(|| all.first())
                .cloned();
        }
        Ok(Self {
            path: path.to_path_buf(),
            app_name: name.trim_end_matches(".runtimeconfig.json").to_string(),
            framework: chosen,
        })
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<RuntimeConfig, Error> {
        let dir = tempfile::tempdir().expect("dir");
        fs_err::write(dir.path().join("App.runtimeconfig.json"), text).expect("write");
        RuntimeConfig::find(dir.path()).map(|found| found.expect("found"))
    }

    #[test]
    fn build_looks_in_the_project_path_then_the_app_root() {
        let app = tempfile::tempdir().expect("dir");
        let json = r#"{"runtimeOptions":{"framework":{"name":"Microsoft.NETCore.App","version":"3.1.0"}}}"#;
        fs_err::create_dir_all(app.path().join("src/Web")).expect("mkdir");
        fs_err::write(app.path().join("src/Web/Web.runtimeconfig.json"), json).expect("write");
        let found = RuntimeConfig::find_for_build(app.path(), "src/Web")
            .expect("reads")
            .expect("found under the project path");
        assert_eq!(found.app_name, "Web");
        assert_eq!(found.dir(), app.path().join("src/Web"));
        assert_eq!(
            RuntimeConfig::find_for_build(app.path(), "").expect("reads"),
            None
        );
        // Published: the output replaced the source, the project folder is gone.
        fs_err::remove_dir_all(app.path().join("src")).expect("rm");
        fs_err::write(app.path().join("App.runtimeconfig.json"), json).expect("write");
        let published = RuntimeConfig::find_for_build(app.path(), "src/Web")
            .expect("reads")
            .expect("found in the app root");
        assert_eq!(published.app_name, "App");
        assert_eq!(published.dir(), app.path());
    }

    #[test]
    fn one_framework_with_comments() {
        let found = config(
            "{\n  // written by dotnet publish\n  \"runtimeOptions\": { \"tfm\": \"netcoreapp3.1\",\n    \
             \"framework\": { \"name\": \"Microsoft.NETCore.App\", \"version\": \"3.1.0\" } } }",
        )
        .expect("valid");
        assert_eq!(found.app_name, "App");
        assert_eq!(
            found.framework,
            Some(Framework {
                name: NETCORE.into(),
                version: "3.1.0".into()
            })
        );
    }

    #[test]
    fn aspnet_beats_netcore_in_frameworks_and_no_version_is_any() {
        let found = config(
            r#"{"runtimeOptions": {"frameworks": [
                {"name": "Microsoft.NETCore.App", "version": "8.0.0"},
                {"name": "Microsoft.AspNetCore.App"}]}}"#,
        )
        .expect("valid");
        let framework = found.framework.expect("framework");
        assert!(framework.is_aspnet());
        assert_eq!(framework.version, "*");
    }

    #[test]
    fn no_framework_is_self_contained() {
        let found = config(r#"{"runtimeOptions": {"includedFrameworks": [{"name": "Microsoft.NETCore.App", "version": "8.0.1"}]}}"#)
            .expect("valid");
        assert_eq!(found.framework, None);
    }

    #[test]
    fn none_is_none_and_several_are_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        assert_eq!(RuntimeConfig::find(dir.path()).expect("ok"), None);
        fs_err::write(dir.path().join("App.runtimeconfig.dev.json"), "{}").expect("write");
        assert_eq!(
            RuntimeConfig::find(dir.path()).expect("dev file ignored"),
            None
        );
        for name in ["A.runtimeconfig.json", "B.runtimeconfig.json"] {
            fs_err::write(dir.path().join(name), "{}").expect("write");
        }
        let error = RuntimeConfig::find(dir.path()).expect_err("two");
        assert!(RuntimeConfig::find_in_detect(dir.path()).is_none());
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn malformed_files_are_errors_naming_the_file() {
        let rendered: Vec<String> = [
            "{\"runtimeOptions\": {",
            r#"{"runtimeOptions": {"framework": "Microsoft.NETCore.App"}}"#,
            r#"{"runtimeOptions": {"framework": {"name": "Microsoft.NETCore.App", "version": 3}}}"#,
            r#"{"runtimeOptions": {"frameworks": {}}}"#,
        ]
        .iter()
        .map(|text| config(text).expect_err(text).render())
        .collect();
        insta::assert_snapshot!(rendered.join("\n"));
    }
}
