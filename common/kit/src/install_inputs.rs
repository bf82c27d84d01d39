//! What installed packages depend on: the install command, project files (the manifest, the
//! lockfile, the package manager's config) and tool versions. The key of an installed-packages
//! layer, so a rebuild reuses the layer while they are unchanged and the log says what changed.

use crate::Error;
use crate::cached_layer::LayerKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The value recorded for a file the project does not have.
const ABSENT: &str = "absent";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct InstallInputs {
    /// The install command, e.g. `yarn install --immutable`.
    pub command: String,
    /// Tool name → version, e.g. `Node.js` → `v22.23.3`.
    pub versions: BTreeMap<String, String>,
    /// File name (relative to the project) → sha256 of its content, or `absent`.
    pub files: BTreeMap<String, String>,
}

impl InstallInputs {
    /// Digests `files` in `project`; a missing file is recorded as absent, not an error.
    pub fn collect(
        project: &Path,
        command: &str,
        files: &[&str],
        versions: &[(&str, &str)],
    ) -> Result<Self, Error> {
        let mut digests = BTreeMap::new();
        for name in files {
            let path = project.join(name);
            let digest = match fs_err::read(&path) {
                Ok(bytes) => hex::encode(Sha256::digest(bytes)),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => ABSENT.to_string(),
                Err(error) => return Err(unreadable(name, &error)),
            };
            digests.insert((*name).to_string(), digest);
        }
        Ok(Self {
            command: command.to_string(),
            versions: versions
                .iter()
                .map(|(tool, version)| ((*tool).to_string(), (*version).to_string()))
                .collect(),
            files: digests,
        })
    }
}

impl InstallInputs {
    /// Adds a digest of each folder in `folders` (relative to `project`): every file's path
    /// and content, and every symlink's target, so any change to what the folder holds
    /// changes it. A missing folder is recorded as absent.
    pub fn with_folders(mut self, project: &Path, folders: &[&str]) -> Result<Self, Error> {
        for name in folders {
            let root = project.join(name);
            let digest = if root.is_dir() {
                let mut hasher = Sha256::new();
                digest_folder(&root, Path::new(""), &mut hasher)
                    .map_err(|error| unreadable(name, &error))?;
                hex::encode(hasher.finalize())
            } else {
                ABSENT.to_string()
            };
            self.files.insert((*name).to_string(), digest);
        }
        Ok(self)
    }
}

/// Feeds `root/relative`'s entries to `hasher` in name order: kind, path and content.
fn digest_folder(root: &Path, relative: &Path, hasher: &mut Sha256) -> std::io::Result<()> {
    let mut entries: Vec<_> =
        fs_err::read_dir(root.join(relative))?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(fs_err::DirEntry::file_name);
    for entry in entries {
        let path = relative.join(entry.file_name());
        let kind = entry.file_type()?;
        let name = path.to_string_lossy();
        if kind.is_dir() {
            hasher.update(format!("d {name}\0"));
            digest_folder(root, &path, hasher)?;
        } else if kind.is_symlink() {
            let target = fs_err::read_link(entry.path())?;
            hasher.update(format!("l {name}\0{}\0", target.to_string_lossy()));
        } else {
            let bytes = fs_err::read(entry.path())?;
            hasher.update(format!("f {name}\0{}\0", bytes.len()));
            hasher.update(&bytes);
        }
    }
    Ok(())
}

fn unreadable(name: &str, error: &std::io::Error) -> Error {
    Error::new(
        "kit/unreadable-project-file",
        format!("{name} cannot be read"),
        "The build reads it to decide whether the installed packages can be \
         reused. Check that it is readable and is not a broken symlink.",
    )
    .file(name)
    .debug(error)
}

impl LayerKey for InstallInputs {
    /// Why packages installed for `cached` do not fit these inputs; empty when they do.
    fn differences(&self, cached: &Self) -> Vec<String> {
        let mut changes = Vec::new();
        for (tool, version) in &self.versions {
            match cached.versions.get(tool) {
                Some(old) if old == version => {}
                Some(old) => changes.push(format!("{tool} changed from {old} to {version}")),
                None => changes.push(format!("{tool} {version} is new")),
            }
        }
        if cached.command != self.command {
            changes.push(format!(
                "the command changed from `{}` to `{}`",
                cached.command, self.command
            ));
        }
        for (name, digest) in &self.files {
            match cached.files.get(name).map(String::as_str) {
                Some(old) if old == digest => {}
                Some(ABSENT) | None => changes.push(format!("{name} was added")),
                Some(_) if digest == ABSENT => changes.push(format!("{name} was removed")),
                Some(_) => changes.push(format!("{name} changed")),
            }
        }
        changes
    }

    /// What stayed the same, for the log: the files the project has and the tool versions.
    fn unchanged(&self) -> String {
        let files = self
            .files
            .iter()
            .filter(|(_, digest)| *digest != ABSENT)
            .map(|(name, _)| name.clone());
        let versions = self
            .versions
            .iter()
            .map(|(tool, version)| format!("{tool} {version}"));
        let items: Vec<String> = files.chain(versions).collect();
        match items.split_last() {
            None => "nothing changed".to_string(),
            Some((last, [])) => format!("{last} is unchanged"),
            Some((last, rest)) => format!("{} and {last} are unchanged", rest.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(dir: &Path, node: &str) -> InstallInputs {
        InstallInputs::collect(
            dir,
            "yarn install --frozen-lockfile",
            &["package.json", "yarn.lock", ".yarnrc"],
            &[("Node.js", node), ("Yarn", "1.22.22")],
        )
        .expect("collect")
    }

    #[test]
    fn names_what_changed_and_what_did_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::write(dir.path().join("package.json"), "{}").expect("write");
        fs_err::write(dir.path().join("yarn.lock"), "a").expect("write");
        let first = inputs(dir.path(), "v22.23.3");
        assert_eq!(first.files[".yarnrc"], "absent");
        assert!(first.differences(&first).is_empty());
        assert_eq!(
            first.unchanged(),
            "package.json, yarn.lock, Node.js v22.23.3 and Yarn 1.22.22 are unchanged"
        );

        fs_err::write(dir.path().join("yarn.lock"), "b").expect("write");
        fs_err::write(dir.path().join(".yarnrc"), "x").expect("write");
        let second = inputs(dir.path(), "v24.21.0");
        assert_eq!(
            second.differences(&first),
            [
                "Node.js changed from v22.23.3 to v24.21.0",
                ".yarnrc was added",
                "yarn.lock changed"
            ]
        );
    }

    #[test]
    fn a_folders_digest_follows_its_files_names_and_links() {
        let dir = tempfile::tempdir().expect("temp dir");
        let assets = dir.path().join("app/assets");
        fs_err::create_dir_all(assets.join("css")).expect("mkdir");
        fs_err::write(assets.join("css/site.css"), "body {}").expect("write");
        let key = || {
            InstallInputs::collect(dir.path(), "rails assets:precompile", &[], &[])
                .and_then(|inputs| inputs.with_folders(dir.path(), &["app/assets", "lib/assets"]))
                .expect("digests")
        };
        let first = key();
        assert_eq!(first.files["lib/assets"], ABSENT);
        assert!(
            key().differences(&first).is_empty(),
            "same tree, same digest"
        );

        fs_err::write(assets.join("css/site.css"), "body { color: red }").expect("write");
        assert_eq!(key().differences(&first), ["app/assets changed"]);
        let second = key();
        fs_err::rename(assets.join("css/site.css"), assets.join("css/main.css")).expect("mv");
        assert_eq!(key().differences(&second), ["app/assets changed"]);
        let third = key();
        std::os::unix::fs::symlink("main.css", assets.join("css/alias.css")).expect("link");
        assert_eq!(key().differences(&third), ["app/assets changed"]);
        fs_err::create_dir_all(dir.path().join("lib/assets")).expect("mkdir");
        assert_eq!(
            key().differences(&third),
            ["app/assets changed", "lib/assets was added"]
        );
    }

    #[test]
    fn an_unreadable_file_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir(dir.path().join("yarn.lock")).expect("a folder, not a file");
        let error =
            InstallInputs::collect(dir.path(), "x", &["yarn.lock"], &[]).expect_err("a folder");
        insta::assert_snapshot!(
            Error {
                debug: None,
                ..error
            }
            .render()
        );
    }

    #[test]
    fn round_trips_as_layer_metadata() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = inputs(dir.path(), "v22.23.3");
        let text = toml::to_string(&first).expect("toml");
        assert_eq!(
            toml::from_str::<InstallInputs>(&text).expect("parse"),
            first
        );
    }
}
