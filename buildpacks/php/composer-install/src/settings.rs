//! The build's settings, with Paketo's names and defaults: which composer.json, where
//! `vendor/` goes, the options of `composer install` and the global packages.

use crate::errors;
use std::path::{Component, Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_php::composer_json_path;

pub(crate) const INSTALL_OPTIONS: &str = "BP_COMPOSER_INSTALL_OPTIONS";
pub(crate) const INSTALL_GLOBAL: &str = "BP_COMPOSER_INSTALL_GLOBAL";
pub(crate) const VENDOR_DIR: &str = "COMPOSER_VENDOR_DIR";

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Absolute.
    pub json: PathBuf,
    /// Relative to the app, e.g. `vendor`.
    pub vendor: PathBuf,
    /// What follows `composer install`.
    pub options: Vec<String>,
    /// The packages of `composer global require`.
    pub global: Vec<String>,
}

impl Settings {
    pub(crate) fn read(app: &Path, config: &Config) -> Result<Self, Error> {
        let vendor = match config.string(VENDOR_DIR) {
            Some(dir) => inside_app(app, &dir)?,
            None => PathBuf::from("vendor"),
        };
        Ok(Self {
            json: composer_json_path(app, config),
            vendor,
            options: install_options(config.string(INSTALL_OPTIONS).as_deref())?,
            global: config
                .string(INSTALL_GLOBAL)
                .map(|text| split_words(&text))
                .transpose()
                .map_err(|problem| errors::bad_words(INSTALL_GLOBAL, &problem))?
                .unwrap_or_default(),
        })
    }
}

/// `COMPOSER_VENDOR_DIR` relative to the app, which it must stay inside (as at Paketo).
fn inside_app(app: &Path, dir: &str) -> Result<PathBuf, Error> {
    let path = Path::new(dir);
    let relative = path.strip_prefix(app).unwrap_or(path);
    let mut normal = PathBuf::new();
    for part in relative.components() {
        match part {
            Component::Normal(name) => normal.push(name),
            Component::CurDir => {}
            _ => return Err(errors::vendor_outside_app(dir)),
        }
    }
    if normal.as_os_str().is_empty() {
        return Err(errors::vendor_outside_app(dir));
    }
    Ok(normal)
}

/// Paketo's: unset (or blank) → `--no-dev`; set → its words replace that default.
/// `--no-progress` and `--no-interaction` are always there: a build has no terminal.
fn install_options(value: Option<&str>) -> Result<Vec<String>, Error> {
    let mut options = vec!["--no-progress".to_string(), "--no-interaction".to_string()];
    match value {
        None => options.push("--no-dev".to_string()),
        Some(text) => options.extend(
            split_words(text).map_err(|problem| errors::bad_words(INSTALL_OPTIONS, &problem))?,
        ),
    }
    Ok(options)
}

/// Splits as a shell would: whitespace between words, `'...'` and `"..."` quote, `\` escapes.
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => {
                let next = chars
                    .next()
                    .ok_or_else(|| "it ends with a lone \\".to_string())?;
                word.get_or_insert_with(String::new).push(next);
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (_, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(q) = quote {
        return Err(format!("a {q} quote is not closed"));
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    fn read(pairs: &[(&str, &str)]) -> Result<Settings, Error> {
        let env = env_of(pairs.iter().copied());
        Settings::read(Path::new("/workspace"), &Config::new(&env))
    }

    #[test]
    fn paketo_defaults() {
        let settings = read(&[]).expect("defaults");
        assert_eq!(settings.json, Path::new("/workspace/composer.json"));
        assert_eq!(settings.vendor, Path::new("vendor"));
        assert_eq!(
            settings.options,
            ["--no-progress", "--no-interaction", "--no-dev"]
        );
        assert!(settings.global.is_empty());
    }

    #[test]
    fn options_replace_the_default_and_globals_are_words() {
        let settings = read(&[
            (
                INSTALL_OPTIONS,
                "--prefer-dist -o --ignore-platform-req='ext-a b'",
            ),
            (
                INSTALL_GLOBAL,
                " friendsofphp/php-cs-fixer  phpunit/phpunit:^9 ",
            ),
            ("COMPOSER", "app.json"),
            (VENDOR_DIR, "/workspace/./lib/vendor"),
        ])
        .expect("settings");
        assert_eq!(
            settings.options,
            [
                "--no-progress",
                "--no-interaction",
                "--prefer-dist",
                "-o",
                "--ignore-platform-req=ext-a b"
            ]
        );
        assert_eq!(
            settings.global,
            ["friendsofphp/php-cs-fixer", "phpunit/phpunit:^9"]
        );
        assert_eq!(settings.json, Path::new("/workspace/app.json"));
        assert_eq!(settings.vendor, Path::new("lib/vendor"));
        // Blank means unset, as for every Stowage setting.
        let blank = read(&[(INSTALL_OPTIONS, " ")]).expect("blank");
        assert_eq!(
            blank.options,
            ["--no-progress", "--no-interaction", "--no-dev"]
        );
    }

    #[test]
    fn bad_values_fail_with_the_variable() {
        let quote = read(&[(INSTALL_OPTIONS, "--prefer-dist 'x")]).expect_err("open quote");
        let outside = read(&[(VENDOR_DIR, "../vendor")]).expect_err("outside");
        let root = read(&[(VENDOR_DIR, "/workspace")]).expect_err("the app itself");
        insta::assert_snapshot!(
            [quote, outside, root]
                .iter()
                .map(Error::render)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
