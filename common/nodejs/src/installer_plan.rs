//! Build plan entries of the Node.js buildpacks, and the plan of a dependency installer
//! (npm-install, yarn-install, pnpm-install): it provides `node_modules`, and needs `node` and
//! its package manager while building.

use crate::package_manager::PackageManager;
use libcnb::data::build_plan::{BuildPlan, BuildPlanBuilder, Require};
use libcnb::detect::{DetectResult, DetectResultBuilder};
use serde::Serialize;
use std::path::Path;
use stowage_kit::Error;

/// `manager` is the build plan name of the package manager, e.g. `yarn`. The installer also
/// requires `node_modules` itself, so that it runs for an app whose start command (a
/// Procfile) asks for nothing; [`crate::ModulesRequirement`] then assumes launch.
pub fn installer_plan(manager: &str) -> Result<BuildPlan, Error> {
    Ok(BuildPlanBuilder::new()
        .provides("node_modules")
        .requires(at_build("node")?)
        .requires(at_build(manager)?)
        .requires(Require::new("node_modules"))
        .build())
}

/// The detect of `manager`'s installer: passes with [`installer_plan`] for a project with
/// package.json that `manager` [manages](PackageManager::manages).
pub fn detect_installer(
    project: &Path,
    manager: PackageManager,
) -> libcnb::Result<DetectResult, Error> {
    if !project.join("package.json").is_file() || !manager.manages(project) {
        return DetectResultBuilder::fail().build();
    }
    DetectResultBuilder::pass()
        .build_plan(installer_plan(manager.program())?)
        .build()
}

/// A requirement of `name` with `metadata` (a table, or a struct that serializes to one).
pub fn require(name: &str, metadata: impl Serialize) -> Result<Require, Error> {
    let mut require = Require::new(name);
    require.metadata(metadata).map_err(plan_error)?;
    Ok(require)
}

/// `name`, needed while building.
pub fn at_build(name: &str) -> Result<Require, Error> {
    require(
        name,
        toml::Table::from_iter([("build".to_string(), true.into())]),
    )
}

/// `name`, needed at launch.
pub fn at_launch(name: &str) -> Result<Require, Error> {
    require(
        name,
        toml::Table::from_iter([("launch".to_string(), true.into())]),
    )
}

pub(super) fn plan_error(error: impl std::fmt::Display) -> Error {
    Error::new(
        "nodejs/plan",
        "The build plan could not be written",
        "This is a bug in the buildpack; please report it with the build log.",
    )
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provides_node_modules_and_needs_node_and_the_manager() {
        let plan = toml::to_string(&installer_plan("pnpm").expect("plan")).expect("toml");
        insta::assert_snapshot!(plan);
    }

    #[test]
    fn requirements_carry_their_metadata() {
        let launch = at_launch("node").expect("require");
        assert_eq!(
            launch.metadata.get("launch"),
            Some(&toml::Value::Boolean(true))
        );
        let build = at_build("node").expect("require");
        assert_eq!(
            build.metadata.get("build"),
            Some(&toml::Value::Boolean(true))
        );
        // Metadata that is not a table cannot go into the plan.
        assert_eq!(
            require("node", 1).expect_err("not a table").id,
            "nodejs/plan"
        );
    }

    #[test]
    fn a_plan_that_cannot_be_written_is_a_bug_report() {
        insta::assert_snapshot!(plan_error("unsupported value").render());
    }
}
