//! Where an app asks for a Node.js version, in priority order:
//! `BP_NODE_VERSION` > `package.json` `engines.node` > `.nvmrc` > `.node-version` > the
//! inventory's default; and the inventory entry a request resolves to. node-engine installs
//! that entry; `stowage-dev` resolves it the same way to assemble it for a local build.

use crate::PackageJson;
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target};
use stowage_kit::output::DebugLog;
use stowage_kit::version::NpmRange;

pub const NODE_VERSION_VARIABLE: &str = "BP_NODE_VERSION";

/// The `version-source` of a request that fell back to the inventory's default.
pub const DEFAULT_SOURCE: &str = "default";

/// One request for a Node.js version, as it travels in the build plan's `requires.metadata`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct VersionRequest {
    pub version: String,
    pub version_source: String,
}

impl VersionRequest {
    #[must_use]
    pub fn new(version: &str, source: &str) -> Self {
        Self {
            version: version.to_string(),
            version_source: source.to_string(),
        }
    }

    /// The inventory's default (`*` without one), for an app that asks for nothing.
    #[must_use]
    pub fn default_of(inventory: &Inventory) -> Self {
        Self::new(
            inventory.default_version("node").unwrap_or("*"),
            DEFAULT_SOURCE,
        )
    }

    /// Higher wins. Requests from other buildpacks (any other source) rank below the app's files.
    #[must_use]
    pub fn priority(&self) -> u8 {
        match self.version_source.as_str() {
            NODE_VERSION_VARIABLE => 4,
            "package.json" => 3,
            ".nvmrc" => 2,
            ".node-version" => 1,
            _ => 0,
        }
    }

    /// Points `error` at the variable or file this request came from.
    #[must_use]
    pub fn point_at(&self, error: Error) -> Error {
        match self.version_source.as_str() {
            NODE_VERSION_VARIABLE => error.variable(NODE_VERSION_VARIABLE),
            "package.json" | ".nvmrc" | ".node-version" => error.file(&self.version_source),
            _ => error,
        }
    }

    /// The newest entry of `inventory` on `target` that this request accepts; an error names
    /// the request's source.
    pub fn resolve<'a>(
        &self,
        inventory: &'a Inventory,
        target: &Target,
        log: &mut dyn DebugLog,
    ) -> Result<&'a Dependency, Error> {
        let constraint =
            NpmRange::parse_node_version(&self.version).map_err(|error| self.point_at(error))?;
        inventory
            .resolve_with_debug("node", &constraint, target, log)
            .map_err(|error| self.point_at(error))
    }
}

/// Every version request the app makes, highest priority first. A broken package.json
/// makes none here; node-engine's build reports it (see `PackageJson::read_in_detect`).
pub fn find_version_requests(
    project_dir: &Path,
    config: &Config,
) -> Result<Vec<VersionRequest>, Error> {
    let mut requests = Vec::new();
    if let Some(version) = config.string(NODE_VERSION_VARIABLE) {
        requests.push(VersionRequest::new(&version, NODE_VERSION_VARIABLE));
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
            return Err(unreadable_version_file(&name, error));
        }
    };
    Ok(text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from))
}

/// `name` (e.g. `.nvmrc`) exists but cannot be read. The id is node-engine's, where users
/// have met it.
fn unreadable_version_file(name: &str, error: impl Display) -> Error {
    Error::new(
        "node-engine/unreadable-version-file",
        format!("{name} cannot be read"),
        format!("Check that {name} is a readable text file, or delete it."),
    )
    .file(name)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;
    use stowage_kit::output::NoDebug;

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
        assert_eq!(
            find_version_requests(dir.path(), &Config::new(&Env::new())),
            Ok(vec![])
        );
    }

    #[test]
    fn each_source_is_found_in_priority_order() {
        let dir = app(&[
            ("package.json", r#"{"engines":{"node":"^22"}}"#),
            (".nvmrc", "v20.11.1\n"),
            (".node-version", "# pinned\n\n18\n"),
        ]);
        let mut env = Env::new();
        env.insert(NODE_VERSION_VARIABLE, "~24.1");
        let requests = find_version_requests(dir.path(), &Config::new(&env)).expect("valid");
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
        let requests = find_version_requests(dir.path(), &Config::new(&Env::new())).expect("valid");
        assert_eq!(sources(&requests), [("22", ".node-version")]);
    }

    #[test]
    fn broken_package_json_is_not_a_source() {
        let dir = app(&[("package.json", "{"), (".node-version", "22")]);
        let requests =
            find_version_requests(dir.path(), &Config::new(&Env::new())).expect("build reports it");
        assert_eq!(sources(&requests), [("22", ".node-version")]);
    }

    #[test]
    fn an_unreadable_version_file_names_the_file() {
        let dir = app(&[]);
        fs_err::create_dir(dir.path().join(".nvmrc")).expect("a folder where a file belongs");
        let mut error =
            find_version_requests(dir.path(), &Config::new(&Env::new())).expect_err("unreadable");
        assert!(error.debug.is_some(), "keeps the cause");
        error.debug = None;
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn other_buildpacks_rank_lowest() {
        assert_eq!(VersionRequest::new("*", "some-buildpack").priority(), 0);
    }

    fn inventory() -> Inventory {
        toml::from_str(
            r#"
            default-versions = { node = "22.*.*" }
            [[dependencies]]
            id = "node"
            version = "20.1.0"
            uri = "https://example.com/node-20.tar.gz"
            checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
            [[dependencies]]
            id = "node"
            version = "22.3.0"
            uri = "https://example.com/node-22.tar.gz"
            checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
            "#,
        )
        .expect("inventory")
    }

    fn linux() -> Target {
        Target::new("linux", "amd64", "debian", "12")
    }

    #[test]
    fn a_request_resolves_to_its_newest_entry_and_no_request_to_the_default() {
        let inventory = inventory();
        let request = VersionRequest::new("lts/iron", ".nvmrc");
        let entry = request
            .resolve(&inventory, &linux(), &mut NoDebug)
            .expect("20.x");
        assert_eq!(entry.version.to_string(), "20.1.0");
        let default = VersionRequest::default_of(&inventory);
        assert_eq!(default, VersionRequest::new("22.*.*", DEFAULT_SOURCE));
        let entry = default
            .resolve(&inventory, &linux(), &mut NoDebug)
            .expect("22.x");
        assert_eq!(entry.version.to_string(), "22.3.0");
        assert_eq!(
            VersionRequest::default_of(&Inventory::default()).version,
            "*"
        );
    }

    #[test]
    fn errors_name_the_source_of_the_request() {
        let inventory = inventory();
        let unmatched = VersionRequest::new("18", "package.json")
            .resolve(&inventory, &linux(), &mut NoDebug)
            .expect_err("no 18");
        assert_eq!(unmatched.id, "inventory/no-matching-version");
        assert_eq!(unmatched, unmatched.clone().file("package.json"));
        let invalid = VersionRequest::new("twenty", NODE_VERSION_VARIABLE)
            .resolve(&inventory, &linux(), &mut NoDebug)
            .expect_err("not a range");
        assert_eq!(invalid, invalid.clone().variable(NODE_VERSION_VARIABLE));
        let elsewhere = VersionRequest::new("18", "some-buildpack")
            .resolve(&inventory, &linux(), &mut NoDebug)
            .expect_err("no 18");
        assert_eq!(elsewhere.subject, None);
    }
}
