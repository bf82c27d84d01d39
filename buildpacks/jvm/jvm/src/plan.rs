//! The build plan: what detect offers, and what later buildpacks asked of `jdk` and `jre`.
//!
//! Detect offers Paketo's alternatives {jdk, jre}, {jdk}, {jre}, so a build tool can require
//! `jdk` {build} and a launcher `jre` {launch}. An app that names its Java version also gets
//! that Java to run on: each alternative then requires `jre` {launch} itself.

use crate::version_request::VersionRequest;
use libcnb::data::build_plan::{BuildPlan, BuildPlanBuilder, Require};
use libcnb::data::buildpack_plan::BuildpackPlan;
use stowage_kit::Error;

pub(crate) fn detect_plan(request: Option<&VersionRequest>) -> Result<BuildPlan, Error> {
    let Some(request) = request else {
        return Ok(BuildPlanBuilder::new()
            .provides("jdk")
            .provides("jre")
            .or()
            .provides("jdk")
            .or()
            .provides("jre")
            .build());
    };
    let require = || -> Result<Require, Error> {
        let mut require = Require::new("jre");
        require
            .metadata(toml::Table::from_iter([
                ("launch".to_string(), true.into()),
                ("version".to_string(), request.version.clone().into()),
                (
                    "version-source".to_string(),
                    request.source.to_string().into(),
                ),
            ]))
            .map_err(|error| {
                Error::new(
                    "jvm/plan",
                    "The build plan could not be written",
                    "This is a bug in the buildpack; please report it.",
                )
                .debug(error)
            })?;
        Ok(require)
    };
    // {jdk, jre} first, used when a build tool requires `jdk`; {jre} otherwise.
    Ok(BuildPlanBuilder::new()
        .provides("jdk")
        .provides("jre")
        .requires(require()?)
        .or()
        .provides("jre")
        .requires(require()?)
        .build())
}

/// The merged `jdk` and `jre` entries of the buildpack plan.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct JvmPlan {
    /// A later buildpack builds with the JDK.
    pub jdk: bool,
    /// A later buildpack runs Java while it builds.
    pub jre_build: bool,
    /// The app runs on a JRE.
    pub jre_launch: bool,
}

impl From<&BuildpackPlan> for JvmPlan {
    fn from(plan: &BuildpackPlan) -> Self {
        let mut merged = JvmPlan::default();
        for entry in &plan.entries {
            let flag =
                |name: &str| entry.metadata.get(name).and_then(toml::Value::as_bool) == Some(true);
            match entry.name.as_str() {
                "jdk" => merged.jdk = true,
                "jre" => {
                    merged.jre_build |= flag("build");
                    merged.jre_launch |= flag("launch");
                }
                _ => {}
            }
        }
        merged
    }
}

impl JvmPlan {
    pub(crate) fn wants_jre(&self) -> bool {
        self.jre_build || self.jre_launch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version_request::Source;
    use libcnb::data::buildpack_plan::Entry;

    fn entry(name: &str, flags: &[&str]) -> Entry {
        Entry {
            name: name.to_string(),
            metadata: flags
                .iter()
                .map(|flag| ((*flag).to_string(), true.into()))
                .collect(),
        }
    }

    #[test]
    fn merges_the_flags_of_every_entry() {
        let plan = BuildpackPlan {
            entries: vec![
                entry("jre", &["launch"]),
                entry("jdk", &[]),
                entry("jre", &[]),
                entry("node", &["build"]),
            ],
        };
        assert_eq!(
            JvmPlan::from(&plan),
            JvmPlan {
                jdk: true,
                jre_build: false,
                jre_launch: true
            }
        );
        assert!(!JvmPlan::default().wants_jre());
    }

    #[test]
    fn without_a_version_the_alternatives_require_nothing() {
        let plan = toml::Value::try_from(detect_plan(None).expect("plan")).expect("toml");
        insta::assert_snapshot!(toml::to_string(&plan).expect("toml"));
    }

    #[test]
    fn a_version_requires_a_jre_at_launch_in_each_alternative() {
        let request = VersionRequest {
            version: "17".to_string(),
            source: Source::Sdkmanrc,
        };
        let plan = toml::Value::try_from(detect_plan(Some(&request)).expect("plan")).expect("toml");
        insta::assert_snapshot!(toml::to_string(&plan).expect("toml"));
    }
}
