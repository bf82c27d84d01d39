//! Where an app asks for a Node.js version, in priority order:
//! `BP_NODE_VERSION` > `package.json` `engines.node` > `.nvmrc` > `.node-version`.

use crate::errors;
use serde::{Deserialize, Serialize};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_nodejs::PackageJson;

pub(crate) const VERSION_VARIABLE: &str = "BP_NODE_VERSION";

/// One request for a Node.js version, as it travels in the build plan's `requires.metadata`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct VersionRequest {
    pub version: String,
    pub version_source: String,
}

impl VersionRequest {
    fn new(version: &str, source: &str) -> Self {
        Self {
            version: version.to_string(),
            version_source: source.to_string(),
        }
    }

    /// Higher wins. Requests from other buildpacks (any other source) rank below the app's files.
    #[must_use]
    pub(crate) fn priority(&self) -> u8 {
        match self.version_source.as_str() {
            VERSION_VARIABLE => 4,
            "package.json" => 3,
            ".nvmrc" => 2,
            ".node-version" => 1,
            _ => 0,
        }
    }
}

/// Every version request the app makes, highest priority first. A broken package.json
/// makes none here; build reports it (see `PackageJson::read_in_detect`).
pub(crate) fn find(project_dir: &Path, config: &Config) -> Result<Vec<VersionRequest>, Error> {
    let mut requests = Vec::new();
    if let Some(version) = config.string(VERSION_VARIABLE) {
        requests.push(VersionRequest::new(&version, VERSION_VARIABLE));
    }
    if let Some(package) = PackageJson::read_in_detect(project_dir)
        && let Some(range) = package.node_engine()
    {
        requests.push(VersionRequest::new(range, "package.json"));
    }
    for file in [".nvmrc", ".node-version"] {
        if let Some(version) = read_version_file(&project_dir.join(file))? {
            requests.push(VersionRequest::new(&version, file));
        }
    }
    Ok(requests)
}

/// The first line that is not blank or a comment; a leading `v` is kept for the range parser.
fn read_version_file(path: &Path) -> Result<Option<String>, Error> {
    let text = match fs_err::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            let name = path
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
            return Err(errors::unreadable_version_file(&name, error));
        }
    };
    Ok(text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, content) in files {
            fs_err::write(dir.path().join(name), content).expect("write");
        }
        dir
    }

    fn sources(requests: &[VersionRequest]) -> Vec<(&str, &str)> {
        requests
            .iter()
            .map(|request| (request.version.as_str(), request.version_source.as_str()))
            .collect()
    }

    #[test]
    fn no_source_means_no_request() {
        let dir = app(&[("server.js", "")]);
        assert_eq!(find(dir.path(), &Config::new(&Env::new())), Ok(vec![]));
    }

    #[test]
    fn each_source_is_found_in_priority_order() {
        let dir = app(&[
            ("package.json", r#"{"engines":{"node":"^22"}}"#),
            (".nvmrc", "v20.11.1\n"),
            (".node-version", "# pinned\n\n18\n"),
        ]);
        let mut env = Env::new();
        env.insert(VERSION_VARIABLE, "~24.1");
        let requests = find(dir.path(), &Config::new(&env)).expect("valid");
        assert_eq!(
            sources(&requests),
            [
                ("~24.1", "BP_NODE_VERSION"),
                ("^22", "package.json"),
                ("v20.11.1", ".nvmrc"),
                ("18", ".node-version")
            ]
        );
        let priorities: Vec<u8> = requests.iter().map(VersionRequest::priority).collect();
        assert_eq!(priorities, [4, 3, 2, 1]);
    }

    #[test]
    fn package_json_without_engines_is_not_a_source() {
        let dir = app(&[("package.json", r#"{"name":"x"}"#), (".node-version", "22")]);
        let requests = find(dir.path(), &Config::new(&Env::new())).expect("valid");
        assert_eq!(sources(&requests), [("22", ".node-version")]);
    }

    #[test]
    fn broken_package_json_is_not_a_source_in_detect() {
        let dir = app(&[("package.json", "{"), (".node-version", "22")]);
        let requests = find(dir.path(), &Config::new(&Env::new())).expect("build reports it");
        assert_eq!(sources(&requests), [("22", ".node-version")]);
    }

    #[test]
    fn an_unreadable_version_file_names_the_file() {
        let dir = app(&[]);
        fs_err::create_dir(dir.path().join(".nvmrc")).expect("a folder where a file belongs");
        let error = find(dir.path(), &Config::new(&Env::new())).expect_err("unreadable");
        assert!(error.debug.is_some(), "keeps the cause");
        assert_eq!(
            Error {
                debug: None,
                ..error
            },
            Error {
                debug: None,
                ..errors::unreadable_version_file(".nvmrc", "")
            }
        );
    }

    #[test]
    fn other_buildpacks_rank_lowest() {
        assert_eq!(VersionRequest::new("*", "some-buildpack").priority(), 0);
    }
}
