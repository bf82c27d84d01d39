//! The nginx version: `BP_NGINX_VERSION` (a constraint, `mainline` or `stable`) > another
//! buildpack's request > the default, resolved against the inventory.

use crate::errors;
use crate::settings::VERSION;
use libcnb::data::buildpack_plan::BuildpackPlan;
use serde::Deserialize;
use std::collections::BTreeMap;
use stowage_kit::Error;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;
use stowage_web_servers::Server;
use stowage_web_servers::plan::{Request, requests};

/// The buildpack's `[metadata]`: the inventory and Paketo's `version-lines`
/// (`mainline`, `stable` → a constraint).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    #[serde(flatten)]
    pub inventory: Inventory,
    #[serde(default)]
    pub version_lines: BTreeMap<String, String>,
}

/// The merged `nginx` entries of the buildpack plan.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct NginxPlan {
    /// Highest priority first: `BP_NGINX_VERSION`, then other buildpacks' in plan order.
    pub requests: Vec<Request>,
    pub build: bool,
    pub launch: bool,
}

impl From<&BuildpackPlan> for NginxPlan {
    fn from(plan: &BuildpackPlan) -> Self {
        let mut merged = NginxPlan {
            requests: requests(plan, Server::Nginx, VERSION),
            ..NginxPlan::default()
        };
        for entry in plan.entries.iter().filter(|entry| entry.name == "nginx") {
            let flag = |name: &str| entry.metadata.get(name).and_then(toml::Value::as_bool);
            merged.build |= flag("build") == Some(true);
            merged.launch |= flag("launch") == Some(true);
        }
        merged
    }
}

/// Resolves the version to install and says in the log which source chose it.
pub(crate) fn select<'a>(
    metadata: &'a Metadata,
    plan: &NginxPlan,
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving nginx version");
    let request = if let Some(request) = plan.requests.first() {
        output.step("Version requests, highest priority first:");
        for candidate in &plan.requests {
            output.detail(&format!(
                "{} -> \"{}\"",
                candidate.source, candidate.version
            ));
        }
        request.clone()
    } else {
        let version = metadata
            .inventory
            .default_version("nginx")
            .unwrap_or("*")
            .to_string();
        output.step(&format!(
            "No version requested; using the default \"{version}\""
        ));
        Request {
            version,
            source: "the buildpack's default".to_string(),
        }
    };
    let constraint = match request.version.as_str() {
        line @ ("mainline" | "stable") => {
            let constraint = metadata
                .version_lines
                .get(line)
                .ok_or_else(|| errors::unknown_version_line(line))?;
            output.step(&format!("The {line} line is \"{constraint}\""));
            constraint.clone()
        }
        version => version.to_string(),
    };
    let requirement =
        SemverRequirement::parse(&constraint).map_err(|error| error.variable(VERSION))?;
    let dependency =
        metadata
            .inventory
            .resolve_with_debug("nginx", &requirement, target, output)?;
    output.step(&format!(
        "Selected nginx {} (from {})",
        dependency.version, request.source
    ));
    warn_if_deprecated(dependency, VERSION, output)?;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::data::buildpack_plan::Entry;
    use std::fmt::Write;

    fn entry(pairs: &[(&str, toml::Value)]) -> Entry {
        Entry {
            name: "nginx".to_string(),
            metadata: pairs
                .iter()
                .map(|(key, value)| ((*key).to_string(), value.clone()))
                .collect(),
        }
    }

    fn metadata() -> Metadata {
        let mut text = String::from(
            "[default-versions]\nnginx = \"1.31.*\"\n[version-lines]\nmainline = \"1.31.*\"\nstable = \"1.30.*\"\n",
        );
        for version in ["1.30.3", "1.30.4", "1.31.3", "1.31.4"] {
            let _ = write!(
                text,
                "[[dependencies]]\nid = \"nginx\"\nversion = \"{version}\"\nuri = \"https://x/{version}.tgz\"\n\
                 checksum = \"sha256:{}\"\nos = \"linux\"\narch = \"amd64\"\n",
                "a".repeat(64)
            );
        }
        toml::from_str(&text).expect("metadata")
    }

    fn selected(plan: &NginxPlan) -> Result<(String, String), Error> {
        let metadata = metadata();
        let (mut output, captured) = stowage_kit::output::captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        let dependency = select(&metadata, plan, &target, &mut output)?;
        Ok((dependency.version.to_string(), captured.text()))
    }

    #[test]
    fn the_variable_comes_first_and_lines_map_to_constraints() {
        let plan = NginxPlan::from(&BuildpackPlan {
            entries: vec![
                entry(&[("launch", true.into())]),
                entry(&[
                    ("version", "1.31.*".into()),
                    ("version-source", "php-nginx".into()),
                ]),
                entry(&[
                    ("version", "stable".into()),
                    ("version-source", VERSION.into()),
                ]),
            ],
        });
        assert!(plan.launch && !plan.build);
        assert_eq!(plan.requests[0].source, VERSION);
        let (version, log) = selected(&plan).expect("resolves");
        assert_eq!(version, "1.30.4");
        assert!(log.contains("The stable line is \"1.30.*\""), "{log}");
        assert!(
            log.contains("Selected nginx 1.30.4 (from BP_NGINX_VERSION)"),
            "{log}"
        );
    }

    #[test]
    fn the_default_without_requests_and_semver_constraints() {
        let (version, log) = selected(&NginxPlan::default()).expect("resolves");
        assert_eq!(version, "1.31.4");
        assert!(
            log.contains("Selected nginx 1.31.4 (from the buildpack's default)"),
            "{log}"
        );
        let plan = NginxPlan {
            requests: vec![Request {
                version: "~1.31.3, <1.31.4".to_string(),
                source: VERSION.to_string(),
            }],
            ..NginxPlan::default()
        };
        assert_eq!(selected(&plan).expect("resolves").0, "1.31.3");
        let plan = NginxPlan {
            requests: vec![Request {
                version: "1.25.*".to_string(),
                source: VERSION.to_string(),
            }],
            ..NginxPlan::default()
        };
        assert!(selected(&plan).is_err());
    }
}
