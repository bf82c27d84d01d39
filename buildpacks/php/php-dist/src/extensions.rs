//! The extensions an app asks for: composer.json's and composer.lock's `ext-*`, and the
//! `extension=` / `zend_extension=` lines of its `.php.ini.d/*.ini`. Each must be built into
//! PHP or shipped as a module; composer's are enabled here (Paketo enables them in
//! composer-install, after `composer check-platform-reqs`: php-dist knows the distribution's
//! modules, so a missing one fails before anything is installed, and no buildpack writes into
//! the app's `.php.ini.d`).

use crate::errors;
use crate::ini::DEFAULT_EXTENSIONS;
use crate::php_layer::Installed;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::output::Output;
use stowage_php::{ComposerJson, ComposerLock};

/// Modules other modules need loaded first.
const PREREQUISITES: &[(&str, &[&str])] = &[
    ("pdo_mysql", &["pdo", "mysqlnd"]),
    ("pdo_pgsql", &["pdo"]),
    ("pdo_sqlite", &["pdo"]),
    ("mysqli", &["mysqlnd"]),
];

/// Zend extensions, loaded with `zend_extension=`.
const ZEND: &[&str] = &["opcache", "xdebug"];

/// One request: an extension and the file that asked for it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Asked {
    pub name: String,
    pub file: String,
    /// composer's requests are enabled by php-dist; ini lines enable themselves.
    pub by_composer: bool,
}

/// What the installed distribution has.
pub(crate) struct Available {
    /// Compiled in (`php -n -m`), lowercased.
    pub built_in: BTreeSet<String>,
    /// `<name>.so` files in the extension folder.
    pub modules: BTreeSet<String>,
}

impl Available {
    pub(crate) fn of(installed: &Installed) -> Result<Self, Error> {
        let php = installed.home.join("bin/php");
        let output = Command::new(&php)
            .args(["-n", "-m"])
            .output()
            .map_err(|error| errors::php_does_not_run(&php, &error.to_string()))?;
        if !output.status.success() {
            return Err(errors::php_does_not_run(
                &php,
                &String::from_utf8_lossy(&output.stderr),
            ));
        }
        let built_in = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('['))
            .map(str::to_ascii_lowercase)
            .collect();
        let modules = fs_err::read_dir(&installed.extension_dir)
            .map_err(|error| errors::php_does_not_run(&php, &error.to_string()))?
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".so").map(str::to_ascii_lowercase)
            })
            .collect();
        Ok(Self { built_in, modules })
    }

    fn names(&self) -> Vec<String> {
        let all: BTreeSet<&String> = self.built_in.iter().chain(&self.modules).collect();
        all.into_iter().cloned().collect()
    }
}

pub(crate) fn from_composer(
    json: Option<&ComposerJson>,
    lock: Option<&ComposerLock>,
    json_path: &Path,
) -> Vec<Asked> {
    let json_name = json_path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut asked = Vec::new();
    for (names, file) in [
        (json.map(|json| &json.extensions), json_name.as_str()),
        (lock.map(|lock| &lock.extensions), "composer.lock"),
    ] {
        for name in names.into_iter().flatten() {
            asked.push(Asked {
                name: name.clone(),
                file: file.to_string(),
                by_composer: true,
            });
        }
    }
    asked
}

/// The `extension=` and `zend_extension=` lines of `dir/*.ini`.
pub(crate) fn from_ini_dir(dir: &Path) -> Result<Vec<Asked>, Error> {
    let Ok(entries) = fs_err::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ini"))
        .collect();
    files.sort();
    let mut asked = Vec::new();
    for file in files {
        let shown = format!(
            ".php.ini.d/{}",
            file.file_name().unwrap_or_default().to_string_lossy()
        );
        let text = fs_err::read_to_string(&file)
            .map_err(|error| errors::unreadable_ini(&shown, &error))?;
        for name in ini_extensions(&text) {
            asked.push(Asked {
                name,
                file: shown.clone(),
                by_composer: false,
            });
        }
    }
    Ok(asked)
}

/// `extension = "mbstring.so"`, `extension=intl`, `zend_extension=/x/opcache.so` → names.
fn ini_extensions(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with(';') && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .filter(|(key, _)| matches!(key.trim(), "extension" | "zend_extension"))
        .map(|(_, value)| {
            let value = value.split(';').next().unwrap_or_default().trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            let file = value.rsplit('/').next().unwrap_or(value);
            file.strip_suffix(".so")
                .unwrap_or(file)
                .to_ascii_lowercase()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Checks every request and returns the ini lines enabling composer's, prerequisites first,
/// leaving out what php.ini or the app's own ini files load already.
pub(crate) fn check(
    asked: &[Asked],
    available: &Available,
    output: &mut Output,
) -> Result<Vec<String>, Error> {
    if asked.is_empty() {
        output.step("The app asks for no extensions");
    }
    let mut loaded: BTreeSet<String> = DEFAULT_EXTENSIONS
        .iter()
        .map(|e| (*e).to_string())
        .collect();
    loaded.extend(
        asked
            .iter()
            .filter(|a| !a.by_composer)
            .map(|a| a.name.clone()),
    );
    let mut lines = Vec::new();
    let mut reported = BTreeSet::new();
    for request in asked {
        if !reported.insert(request.name.clone()) {
            continue;
        }
        let name = request.name.as_str();
        if available.built_in.contains(name) {
            output.step(&format!("{name} ({}): built into PHP", request.file));
        } else if !available.modules.contains(name) {
            return Err(errors::missing_extension(request, &available.names()));
        } else if !request.by_composer {
            output.step(&format!("{name}: enabled by {}", request.file));
        } else if loaded.contains(name) {
            output.step(&format!("{name} ({}): enabled by default", request.file));
        } else {
            let needs = PREREQUISITES
                .iter()
                .find(|(extension, _)| *extension == name)
                .map_or(&[][..], |(_, needs)| *needs);
            for module in needs.iter().chain([&name]) {
                if loaded.insert((*module).to_string()) {
                    let key = if ZEND.contains(module) {
                        "zend_extension"
                    } else {
                        "extension"
                    };
                    lines.push(format!("{key} = {module}.so"));
                }
            }
            output.step(&format!("{name} ({}): enabled", request.file));
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn available() -> Available {
        Available {
            built_in: ["core", "json", "openssl"].map(String::from).into(),
            modules: ["mbstring", "pdo", "pdo_mysql", "mysqlnd", "zip", "opcache"]
                .map(String::from)
                .into(),
        }
    }

    fn composer(name: &str) -> Asked {
        Asked {
            name: name.into(),
            file: "composer.json".into(),
            by_composer: true,
        }
    }

    #[test]
    fn ini_lines_name_extensions_however_written() {
        let text = "; extension=no\nextension = \"mbstring.so\"\nextension=intl ; why\n\
                    zend_extension=/opt/x/opcache.so\nmemory_limit = 1G\n";
        assert_eq!(ini_extensions(text), ["mbstring", "intl", "opcache"]);
    }

    #[test]
    fn composer_extensions_are_enabled_with_their_prerequisites_once() {
        let (mut output, captured) = stowage_kit::output::captured::plain();
        let asked = [
            composer("pdo_mysql"),
            composer("json"),
            composer("zip"),
            composer("opcache"),
            Asked {
                name: "mbstring".into(),
                file: ".php.ini.d/ext.ini".into(),
                by_composer: false,
            },
            composer("mbstring"),
        ];
        let lines = check(&asked, &available(), &mut output).expect("all there");
        assert_eq!(
            lines,
            [
                "extension = mysqlnd.so",
                "extension = pdo_mysql.so",
                "zend_extension = opcache.so"
            ]
        );
        let log = captured.text();
        assert!(
            log.contains("json (composer.json): built into PHP"),
            "{log}"
        );
        assert!(
            log.contains("zip (composer.json): enabled by default"),
            "{log}"
        );
        assert!(
            log.contains("mbstring: enabled by .php.ini.d/ext.ini"),
            "{log}"
        );
    }

    #[test]
    fn a_missing_extension_is_named_with_who_asked() {
        let (mut output, _) = stowage_kit::output::captured::plain();
        let from_ini = Asked {
            name: "imagick".into(),
            file: ".php.ini.d/ext.ini".into(),
            by_composer: false,
        };
        let ini = check(&[from_ini], &available(), &mut output).expect_err("missing");
        let json = check(&[composer("mongodb")], &available(), &mut output).expect_err("missing");
        insta::assert_snapshot!(format!("{}\n{}", ini.render(), json.render()));
    }
}
