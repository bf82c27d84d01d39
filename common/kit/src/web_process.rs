//! Which start buildpack's `web` process wins. The lifecycle keeps the last buildpack's process
//! of each type, and a buildpack may not read another's `launch.toml`, so each buildpack that
//! sets `web` says so in the build plan: it provides and requires `web-process` with its id.
//! Every such buildpack is then a provider of one plan entry whose requirements list them all,
//! in group order; each leaves the entry unmet in `build.toml`, so the next one still gets it.

use crate::Error;
use crate::output::Output;
use libcnb::build::BuildContext;
use libcnb::data::build_plan::{BuildPlanBuilder, Require};
use libcnb::data::buildpack_plan::BuildpackPlan;
use std::path::Path;

/// The build plan name.
pub const WEB_PROCESS: &str = "web-process";
const BY: &str = "buildpack";

/// Adds the `web-process` claim of `buildpack_id` to a detect plan.
pub fn claim(plan: BuildPlanBuilder, buildpack_id: &str) -> Result<BuildPlanBuilder, Error> {
    let mut require = Require::new(WEB_PROCESS);
    require
        .metadata(toml::Table::from_iter([(
            BY.to_string(),
            buildpack_id.to_string().into(),
        )]))
        .map_err(|error| {
            Error::new(
                "web-process/plan",
                "Could not write the build plan",
                "This is a bug in the buildpack; please report it.",
            )
            .debug(error)
        })?;
    Ok(plan.provides(WEB_PROCESS).requires(require))
}

/// The other buildpacks of this build that set `web`, before and after this one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claims {
    pub earlier: Vec<String>,
    pub later: Vec<String>,
}

impl Claims {
    /// From this buildpack's plan; empty when it holds no `web-process` entry (a direct run).
    #[must_use]
    pub fn from_plan(plan: &BuildpackPlan, own_id: &str) -> Self {
        let ids: Vec<&str> = plan
            .entries
            .iter()
            .filter(|entry| entry.name == WEB_PROCESS)
            .filter_map(|entry| entry.metadata.get(BY).and_then(toml::Value::as_str))
            .collect();
        let Some(own) = ids.iter().position(|id| *id == own_id) else {
            return Self::default();
        };
        let others = |slice: &[&str]| -> Vec<String> {
            slice
                .iter()
                .filter(|id| **id != own_id)
                .map(ToString::to_string)
                .collect()
        };
        Self {
            earlier: others(&ids[..own]),
            later: others(&ids[own + 1..]),
        }
    }

    /// Whether this buildpack's `web` is the one the image gets.
    #[must_use]
    pub fn wins(&self) -> bool {
        self.later.is_empty()
    }

    /// The log line about the other claims, if any.
    #[must_use]
    pub fn describe(&self) -> Option<String> {
        if let Some(last) = self.later.last() {
            return Some(format!(
                "web: replaced by the web process of {last}, which comes later in this build"
            ));
        }
        self.earlier
            .last()
            .map(|previous| format!("web: replaces the web process of {previous}"))
    }
}

/// For a buildpack that set `web`: logs which `web` wins and keeps the plan entry for the
/// buildpacks after it. Call once, at the end of build.
pub fn settle<B: libcnb::Buildpack>(
    context: &BuildContext<B>,
    output: &mut Output,
) -> Result<Claims, Error> {
    let own_id = context.buildpack_descriptor.buildpack.id.to_string();
    let claims = Claims::from_plan(&context.buildpack_plan, &own_id);
    if let Some(line) = claims.describe() {
        output.step(&line);
    }
    if context
        .buildpack_plan
        .entries
        .iter()
        .any(|entry| entry.name == WEB_PROCESS)
    {
        keep_for_later(&context.layers_dir)?;
    }
    Ok(claims)
}

/// `build.toml` with `web-process` unmet: the lifecycle removes met entries from the plan the
/// next buildpacks get. libcnb 0.30 writes no `build.toml` of its own, so this one stands.
fn keep_for_later(layers_dir: &Path) -> Result<(), Error> {
    let text = format!("[[unmet]]\nname = \"{WEB_PROCESS}\"\n");
    let path = layers_dir.join("build.toml");
    fs_err::write(&path, text).map_err(|error| {
        Error::new(
            "web-process/build-toml",
            "Could not write build.toml",
            "Check that the layers directory is writable by the build.",
        )
        .file(&path)
        .debug(error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(ids: &[&str]) -> BuildpackPlan {
        let entries: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    "[[entries]]\nname = \"{WEB_PROCESS}\"\n[entries.metadata]\n{BY} = \"{id}\"\n"
                )
            })
            .collect();
        let entries = entries.concat();
        toml::from_str(&format!("[[entries]]\nname = \"node\"\n{entries}")).expect("plan")
    }

    #[test]
    fn a_detect_plan_provides_and_requires_the_claim() {
        let built = claim(BuildPlanBuilder::new(), "stowage/procfile")
            .expect("claim")
            .build();
        let text = toml::to_string(&built).expect("toml");
        assert!(
            text.contains("[[provides]]\nname = \"web-process\""),
            "{text}"
        );
        assert!(text.contains("buildpack = \"stowage/procfile\""), "{text}");
    }

    #[test]
    fn the_later_buildpack_replaces_the_earlier_web() {
        let plan = plan(&["stowage/npm-start", "stowage/procfile"]);
        let npm = Claims::from_plan(&plan, "stowage/npm-start");
        let procfile = Claims::from_plan(&plan, "stowage/procfile");
        assert!(!npm.wins());
        assert!(procfile.wins());
        assert_eq!(
            npm.describe().as_deref(),
            Some(
                "web: replaced by the web process of stowage/procfile, which comes later in this build"
            )
        );
        assert_eq!(
            procfile.describe().as_deref(),
            Some("web: replaces the web process of stowage/npm-start")
        );
    }

    #[test]
    fn alone_or_without_a_plan_nothing_is_said() {
        let alone = Claims::from_plan(&plan(&["stowage/node-start"]), "stowage/node-start");
        assert_eq!(alone, Claims::default());
        assert!(alone.wins());
        assert_eq!(alone.describe(), None);
        assert_eq!(
            Claims::from_plan(&plan(&[]), "stowage/node-start"),
            Claims::default()
        );
    }

    #[test]
    fn the_entry_stays_unmet_for_the_next_buildpack() {
        let dir = tempfile::tempdir().expect("tempdir");
        keep_for_later(dir.path()).expect("write");
        let written: toml::Table = std::fs::read_to_string(dir.path().join("build.toml"))
            .expect("read")
            .parse()
            .expect("toml");
        assert_eq!(written["unmet"][0]["name"].as_str(), Some(WEB_PROCESS));
    }
}
