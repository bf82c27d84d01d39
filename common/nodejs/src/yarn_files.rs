//! The Yarn files that tell Yarn 1 (classic) from Yarn 2+ (Berry): `yarn.lock` and `.yarnrc.yml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

pub const YARNRC_YML: &str = ".yarnrc.yml";

/// Yarn 2+ lockfiles are YAML with a top-level `__metadata` entry; Yarn 1's have none.
pub fn lockfile_is_berry(project: &Path) -> Result<bool, Error> {
    let path = project.join("yarn.lock");
    let text = fs_err::read_to_string(&path).map_err(|error| {
        Error::new(
            "nodejs/unreadable-yarn-lock",
            "yarn.lock cannot be read",
            "Check that the file is readable and is not a broken symlink.",
        )
        .file("yarn.lock")
        .debug(error)
    })?;
    Ok(text.lines().any(|line| line.starts_with("__metadata:")))
}

/// The top-level scalar settings of `.yarnrc.yml` (`yarnPath`, `nodeLinker`, …). Nested
/// settings are not read: no decision here depends on them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Yarnrc {
    settings: BTreeMap<String, String>,
    text: String,
}

impl Yarnrc {
    /// Reads `.yarnrc.yml` in `project`; empty when there is none.
    pub fn read(project: &Path) -> Result<Self, Error> {
        let text = match fs_err::read_to_string(project.join(YARNRC_YML)) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(error) => {
                return Err(Error::new(
                    "nodejs/unreadable-yarnrc",
                    ".yarnrc.yml cannot be read",
                    "Check that the file is readable and is not a broken symlink.",
                )
                .file(YARNRC_YML)
                .debug(error));
            }
        };
        Ok(Self::parse(&text))
    }

    #[must_use]
    pub fn parse(text: &str) -> Self {
        let settings = text
            .lines()
            .filter(|line| !line.starts_with([' ', '\t', '#', '-']))
            .filter_map(|line| line.split_once(':'))
            .map(|(key, value)| (key.trim().to_string(), scalar(value)))
            .filter(|(key, value)| !key.is_empty() && !value.is_empty())
            .collect();
        Self {
            settings,
            text: text.to_string(),
        }
    }

    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings.get(key).map(String::as_str)
    }

    /// `yarnPath`: the Yarn release the project commits, relative to the project.
    #[must_use]
    pub fn yarn_path(&self) -> Option<PathBuf> {
        self.get("yarnPath").map(PathBuf::from)
    }

    /// Whether the file mentions `text` anywhere, e.g. a plugin's name.
    #[must_use]
    pub fn mentions(&self, text: &str) -> bool {
        self.text.contains(text)
    }
}

/// A YAML scalar without its quotes or a trailing comment.
fn scalar(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.split_once(quote).map(|(inner, _)| inner))
        {
            return inner.to_string();
        }
    }
    value
        .split_once(" #")
        .map_or(value, |(before, _)| before)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_top_level_scalars() {
        let rc = Yarnrc::parse(
            "# settings\nyarnPath: \".yarn/releases/yarn-4.5.0.cjs\"\nnodeLinker: node-modules # for the buildpack\nplugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\nnpmScopes:\n  acme:\n    npmRegistryServer: 'https://npm.acme.test'\n",
        );
        assert_eq!(
            rc.yarn_path(),
            Some(PathBuf::from(".yarn/releases/yarn-4.5.0.cjs"))
        );
        assert_eq!(rc.get("nodeLinker"), Some("node-modules"));
        assert_eq!(rc.get("plugins"), None);
        assert_eq!(rc.get("npmRegistryServer"), None);
        assert!(rc.mentions("plugin-workspace-tools"));
    }

    #[test]
    fn berry_lockfiles_have_metadata() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lock = dir.path().join("yarn.lock");
        fs_err::write(
            &lock,
            "# yarn lockfile v1\n\n\nms@2.1.3:\n  version \"2.1.3\"\n",
        )
        .expect("write");
        assert_eq!(lockfile_is_berry(dir.path()), Ok(false));
        fs_err::write(&lock, "__metadata:\n  version: 8\n  cacheKey: 10c0\n").expect("write");
        assert_eq!(lockfile_is_berry(dir.path()), Ok(true));
        assert_eq!(Yarnrc::read(dir.path()), Ok(Yarnrc::default()));
    }

    #[test]
    fn unreadable_files_are_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir(dir.path().join("yarn.lock")).expect("a folder, not a file");
        fs_err::create_dir(dir.path().join(YARNRC_YML)).expect("a folder, not a file");
        let lock = lockfile_is_berry(dir.path()).expect_err("a folder");
        let rc = Yarnrc::read(dir.path()).expect_err("a folder");
        insta::assert_snapshot!(format!(
            "{}{}",
            Error {
                debug: None,
                ..lock
            }
            .render(),
            Error { debug: None, ..rc }.render()
        ));
    }
}
