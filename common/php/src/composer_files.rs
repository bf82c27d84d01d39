//! `composer.json` (or the file `$COMPOSER` names) and its sibling `composer.lock`: the PHP
//! version and the extensions (`ext-*`) an app asks for. Everything else is Composer's.

use crate::errors;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;

/// `<app>/$COMPOSER`, else `<app>/composer.json`.
#[must_use]
pub fn composer_json_path(app: &Path, config: &Config) -> PathBuf {
    app.join(
        config
            .string("COMPOSER")
            .unwrap_or_else(|| "composer.json".to_string()),
    )
}

/// What `composer.json` asks of the platform.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposerJson {
    /// `require.php-64bit`, else `require.php`.
    pub php: Option<String>,
    /// The `ext-*` names of `require`, without `ext-`, lowercased.
    pub extensions: BTreeSet<String>,
}

/// What `composer.lock` asks of the platform.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposerLock {
    /// `platform.php-64bit`, else `platform.php`.
    pub php: Option<String>,
    /// The `ext-*` names of `platform` and of every locked package's `require`.
    pub extensions: BTreeSet<String>,
}

impl ComposerJson {
    /// Reads `file`; `Ok(None)` when it does not exist.
    pub fn read(file: &Path) -> Result<Option<Self>, Error> {
        let Some(root) = read_object(file)? else {
            return Ok(None);
        };
        let require = object_at(&root, "require", file)?;
        Ok(Some(Self {
            php: php_of(&require, "require", file)?,
            extensions: extensions_of(&require),
        }))
    }

    /// For detect: the file as far as it reads; a broken one is reported by build, once.
    #[must_use]
    pub fn read_in_detect(file: &Path) -> Option<Self> {
        Self::read(file).ok().flatten()
    }
}

impl ComposerLock {
    /// Reads the `composer.lock` beside `composer_json`; `Ok(None)` when there is none.
    pub fn read_beside(composer_json: &Path) -> Result<Option<Self>, Error> {
        let file = composer_json.with_file_name("composer.lock");
        let Some(root) = read_object(&file)? else {
            return Ok(None);
        };
        let platform = object_at(&root, "platform", &file)?;
        let mut extensions = extensions_of(&platform);
        for list in ["packages", "packages-dev"] {
            let packages = match root.get(list) {
                None | Some(Value::Null) => continue,
                Some(Value::Array(packages)) => packages,
                Some(_) => return Err(errors::wrong_type(&file, list, "an array of packages")),
            };
            for package in packages {
                if let Some(Value::Object(require)) = package.get("require") {
                    extensions.extend(extensions_of(require));
                }
            }
        }
        Ok(Some(Self {
            php: php_of(&platform, "platform", &file)?,
            extensions,
        }))
    }
}

fn read_object(file: &Path) -> Result<Option<Map<String, Value>>, Error> {
    let text = match fs_err::read_to_string(file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(errors::unreadable(file, &error)),
    };
    match serde_json::from_str(&text) {
        Ok(Value::Object(root)) => Ok(Some(root)),
        Ok(_) => Err(errors::wrong_type(
            file,
            "(the whole file)",
            "a JSON object",
        )),
        Err(error) => Err(errors::not_json(file, &error)),
    }
}

/// The object at `key`; absent, `null` and `[]` (how Composer writes an empty map) are empty.
fn object_at(
    root: &Map<String, Value>,
    key: &str,
    file: &Path,
) -> Result<Map<String, Value>, Error> {
    match root.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(Value::Array(list)) if list.is_empty() => Ok(Map::new()),
        Some(_) => Err(errors::wrong_type(
            file,
            key,
            "an object of package names and version constraints",
        )),
    }
}

fn php_of(map: &Map<String, Value>, parent: &str, file: &Path) -> Result<Option<String>, Error> {
    for key in ["php-64bit", "php"] {
        match map.get(key) {
            Some(Value::String(text)) if !text.trim().is_empty() => {
                return Ok(Some(text.trim().to_string()));
            }
            None | Some(Value::String(_)) => {}
            Some(_) => {
                return Err(errors::wrong_type(
                    file,
                    &format!("{parent}.{key}"),
                    "a version constraint string such as \"^8.2\"",
                ));
            }
        }
    }
    Ok(None)
}

fn extensions_of(map: &Map<String, Value>) -> BTreeSet<String> {
    map.keys()
        .filter_map(|key| key.strip_prefix("ext-"))
        .map(str::to_ascii_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            fs_err::write(dir.path().join(name), text).expect("write");
        }
        dir
    }

    #[test]
    fn the_php_constraint_and_extensions_of_both_files() {
        let dir = app(&[
            (
                "composer.json",
                r#"{"require": {"php": ">=8.1", "ext-MBString": "*", "monolog/monolog": "^3"}}"#,
            ),
            (
                "composer.lock",
                r#"{"platform": {"php-64bit": "8.2.*", "ext-intl": "*"},
                    "packages": [{"name": "a/b", "require": {"ext-gd": "*", "php": ">=7"}}],
                    "packages-dev": null}"#,
            ),
        ]);
        let path = composer_json_path(dir.path(), &Config::new(&env_of::<&str, &str>([])));
        let json = ComposerJson::read(&path).expect("reads").expect("exists");
        assert_eq!(json.php.as_deref(), Some(">=8.1"));
        assert_eq!(json.extensions, BTreeSet::from(["mbstring".to_string()]));
        let lock = ComposerLock::read_beside(&path)
            .expect("reads")
            .expect("exists");
        assert_eq!(lock.php.as_deref(), Some("8.2.*"));
        assert_eq!(
            lock.extensions,
            BTreeSet::from(["gd".to_string(), "intl".to_string()])
        );
    }

    #[test]
    fn missing_files_empty_maps_and_the_composer_variable() {
        let dir = app(&[
            ("app.json", r#"{"require": []}"#),
            ("composer.lock", r#"{"platform": []}"#),
        ]);
        assert_eq!(
            ComposerJson::read(&dir.path().join("composer.json")).expect("ok"),
            None
        );
        let path = composer_json_path(
            dir.path(),
            &Config::new(&env_of([("COMPOSER", " app.json ")])),
        );
        assert_eq!(path, dir.path().join("app.json"));
        assert_eq!(
            ComposerJson::read(&path).expect("ok"),
            Some(ComposerJson::default())
        );
        assert_eq!(
            ComposerLock::read_beside(&path).expect("ok"),
            Some(ComposerLock::default())
        );
    }

    #[test]
    fn malformed_json_names_the_file_and_where() {
        let dir = app(&[("composer.json", "{\"require\": {\"php\": \"8.2\",}}")]);
        let error = ComposerJson::read(&dir.path().join("composer.json")).expect_err("bad");
        insta::assert_snapshot!(error.render());
        assert_eq!(
            ComposerJson::read_in_detect(&dir.path().join("composer.json")),
            None
        );
    }

    #[test]
    fn fields_of_the_wrong_type_are_named() {
        let dir = app(&[
            ("composer.json", r#"{"require": {"php": 8.2}}"#),
            ("composer.lock", r#"{"platform": "8.2"}"#),
        ]);
        let json = ComposerJson::read(&dir.path().join("composer.json")).expect_err("bad");
        let lock = ComposerLock::read_beside(&dir.path().join("composer.json")).expect_err("bad");
        let top = app(&[("composer.json", "[1]")]);
        let array = ComposerJson::read(&top.path().join("composer.json")).expect_err("bad");
        insta::assert_snapshot!(format!(
            "{}\n{}\n{}",
            json.render(),
            lock.render(),
            array.render()
        ));
    }
}
