//! What later buildpacks and the app asked of `node`, and the version that satisfies it.

use crate::NodeEngineBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::buildpack_plan::BuildpackPlan;
use stowage_kit::Error;
use stowage_kit::inventory::{Dependency, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_nodejs::{NODE_VERSION_VARIABLE, VersionRequest};

/// The merged `node` entries of the buildpack plan.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct NodePlan {
    /// Highest priority first.
    pub requests: Vec<VersionRequest>,
    /// A later buildpack needs node while it builds.
    pub build: bool,
    /// The app needs node when it runs.
    pub launch: bool,
}

impl From<&BuildpackPlan> for NodePlan {
    fn from(plan: &BuildpackPlan) -> Self {
        let mut merged = NodePlan::default();
        for entry in plan.entries.iter().filter(|entry| entry.name == "node") {
            let flag =
                |name: &str| entry.metadata.get(name).and_then(toml::Value::as_bool) == Some(true);
            merged.build |= flag("build");
            merged.launch |= flag("launch");
            let version = entry.metadata.get("version").and_then(toml::Value::as_str);
            if let Some(version) = version.filter(|version| !version.trim().is_empty()) {
                let source = entry
                    .metadata
                    .get("version-source")
                    .and_then(toml::Value::as_str)
                    .unwrap_or("another buildpack");
                merged.requests.push(VersionRequest {
                    version: version.to_string(),
                    version_source: source.to_string(),
                });
            }
        }
        // Stable: among equal priorities the first request wins.
        merged
            .requests
            .sort_by_key(|request| std::cmp::Reverse(request.priority()));
        merged
    }
}

/// Resolves the version to install and says in the log which source chose it.
pub(crate) fn select_version<'a>(
    context: &'a BuildContext<NodeEngineBuildpack>,
    plan: &NodePlan,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    let inventory = &context.buildpack_descriptor.metadata;
    output.section("Resolving Node.js version");
    let request = if let Some(request) = plan.requests.first() {
        output.step("Version requests, highest priority first:");
        for candidate in &plan.requests {
            output.detail(&format!(
                "{} -> \"{}\"",
                candidate.version_source, candidate.version
            ));
        }
        request.clone()
    } else {
        let default = VersionRequest::default_of(inventory);
        output.step(&format!(
            "No version requested; using the default \"{}\"",
            default.version
        ));
        default
    };
    let target = Target::from(&context.target);
    let dependency = request.resolve(inventory, &target, output)?;
    output.step(&format!(
        "Selected Node.js {} (from {})",
        dependency.version, request.version_source
    ));
    warn_if_deprecated(dependency, NODE_VERSION_VARIABLE, output)?;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::data::buildpack_plan::Entry;

    fn entry(pairs: &[(&str, toml::Value)]) -> Entry {
        Entry {
            name: "node".to_string(),
            metadata: pairs
                .iter()
                .map(|(key, value)| ((*key).to_string(), value.clone()))
                .collect(),
        }
    }

    #[test]
    fn merges_flags_and_orders_requests_by_priority() {
        let plan = BuildpackPlan {
            entries: vec![
                entry(&[
                    ("version", "20".into()),
                    ("version-source", ".nvmrc".into()),
                ]),
                entry(&[("launch", true.into())]),
                entry(&[
                    ("version", "^22".into()),
                    ("version-source", "package.json".into()),
                    ("build", true.into()),
                ]),
                entry(&[
                    ("version", "24".into()),
                    ("version-source", "BP_NODE_VERSION".into()),
                ]),
            ],
        };
        let merged = NodePlan::from(&plan);
        assert!(merged.build && merged.launch);
        let sources: Vec<&str> = merged
            .requests
            .iter()
            .map(|r| r.version_source.as_str())
            .collect();
        assert_eq!(sources, ["BP_NODE_VERSION", "package.json", ".nvmrc"]);
    }

    #[test]
    fn no_entries_means_no_flags_and_no_requests() {
        assert_eq!(
            NodePlan::from(&BuildpackPlan { entries: vec![] }),
            NodePlan::default()
        );
    }
}
