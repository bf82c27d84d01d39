//! The httpd version: `BP_HTTPD_VERSION` > another buildpack's request > the newest, resolved
//! against the inventory (Paketo's httpd has no default version).

use serde::Deserialize;
use stowage_kit::Error;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;
use stowage_web_servers::plan::Request;

pub(crate) const VERSION: &str = "BP_HTTPD_VERSION";

/// The buildpack's `[metadata]`: the inventory.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Metadata {
    #[serde(flatten)]
    pub inventory: Inventory,
}

/// Resolves the version to install and says in the log which source chose it.
pub(crate) fn select<'a>(
    metadata: &'a Metadata,
    requests: &[Request],
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving httpd version");
    let request = if let Some(request) = requests.first() {
        output.step(&format!(
            "Requested \"{}\" (from {})",
            request.version, request.source
        ));
        request.clone()
    } else {
        let version = metadata
            .inventory
            .default_version("httpd")
            .unwrap_or("*")
            .to_string();
        output.step(&format!(
            "No version requested; using the newest (\"{version}\")"
        ));
        Request {
            version,
            source: "the buildpack's default".to_string(),
        }
    };
    let named = |error: Error| {
        if request.source == VERSION {
            error.variable(VERSION)
        } else {
            error
        }
    };
    let requirement = SemverRequirement::parse(&request.version).map_err(named)?;
    let dependency = metadata
        .inventory
        .resolve_with_debug("httpd", &requirement, target, output)
        .map_err(named)?;
    output.step(&format!(
        "Selected httpd {} (from {})",
        dependency.version, request.source
    ));
    warn_if_deprecated(dependency, VERSION, output)?;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::data::buildpack_plan::{BuildpackPlan, Entry};
    use std::fmt::Write;
    use stowage_web_servers::Server;
    use stowage_web_servers::plan::requests;

    fn entry(pairs: &[(&str, &str)]) -> Entry {
        Entry {
            name: "httpd".to_string(),
            metadata: pairs
                .iter()
                .map(|(key, value)| ((*key).to_string(), (*value).into()))
                .collect(),
        }
    }

    fn metadata() -> Metadata {
        let mut text = String::new();
        for version in ["2.4.62", "2.4.71"] {
            let _ = write!(
                text,
                "[[dependencies]]\nid = \"httpd\"\nversion = \"{version}\"\nuri = \"https://x/{version}.tgz\"\n\
                 checksum = \"sha256:{}\"\nos = \"linux\"\narch = \"amd64\"\n",
                "a".repeat(64)
            );
        }
        toml::from_str(&text).expect("metadata")
    }

    fn selected(requests: &[Request]) -> Result<(String, String), Error> {
        let metadata = metadata();
        let (mut output, captured) = stowage_kit::output::captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        let dependency = select(&metadata, requests, &target, &mut output)?;
        Ok((dependency.version.to_string(), captured.text()))
    }

    #[test]
    fn the_variable_comes_first_and_the_newest_is_the_default() {
        let plan = BuildpackPlan {
            entries: vec![
                entry(&[]),
                entry(&[("version", "2.4.71"), ("version-source", "php-httpd")]),
                entry(&[("version", "2.4.*"), ("version-source", VERSION)]),
            ],
        };
        let requests = requests(&plan, Server::Httpd, VERSION);
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].source, VERSION);
        let (version, log) = selected(&requests[1..]).expect("resolves");
        assert_eq!(version, "2.4.71");
        assert!(log.contains("(from php-httpd)"), "{log}");
        let (version, log) = selected(&[]).expect("resolves");
        assert_eq!(version, "2.4.71");
        assert!(log.contains("using the newest (\"*\")"), "{log}");
        let older = Request {
            version: "~2.4.60, <2.4.70".to_string(),
            source: VERSION.to_string(),
        };
        assert_eq!(selected(&[older]).expect("resolves").0, "2.4.62");
    }

    #[test]
    fn an_unknown_version_names_the_variable_and_the_versions() {
        let rendered: Vec<String> = ["2.2.*", "latest"]
            .into_iter()
            .map(|version| {
                selected(&[Request {
                    version: version.to_string(),
                    source: VERSION.to_string(),
                }])
                .expect_err("unknown")
                .render()
            })
            .collect();
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
