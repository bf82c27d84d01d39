//! What mri and bundler share: detect's plan (the tool's variable asks for a version) and
//! choosing the inventory entry for a request or the default, the log saying which source
//! chose it and an error naming that variable or file.

use libcnb::data::build_plan::{BuildPlan, BuildPlanBuilder, Require};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_kit::version::VersionConstraint;

/// A tool of the family the inventory carries.
pub struct Tool {
    /// What detect provides, e.g. `mri`.
    pub provides: &'static str,
    /// The inventory id, e.g. `ruby`.
    pub id: &'static str,
    /// The name in the log, e.g. `MRI`.
    pub name: &'static str,
    /// The variable that asks for a version, e.g. `BP_MRI_VERSION`.
    pub variable: &'static str,
    /// A request's text as this tool's constraint.
    pub parse: fn(&str) -> Result<Box<dyn VersionConstraint>, Error>,
    /// The inventory's default (`3.1.*`) as text `parse` takes.
    pub default: fn(&str) -> String,
}

/// What was asked and where: the tool's variable or a file of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub version: String,
    pub source: &'static str,
}

impl Tool {
    /// Provides the tool; requires it in the variable's version when that is set.
    pub fn plan(&self, config: &Config) -> BuildPlan {
        let mut plan = BuildPlanBuilder::new().provides(self.provides);
        if let Some(version) = config.string(self.variable) {
            let mut require = Require::new(self.provides);
            require
                .metadata
                .insert("version".to_string(), version.into());
            require
                .metadata
                .insert("version-source".to_string(), self.variable.into());
            plan = plan.requires(require);
        }
        plan.build()
    }

    /// The variable's request, when it is set.
    #[must_use]
    pub fn variable_request(&self, config: &Config) -> Option<Request> {
        config.string(self.variable).map(|version| Request {
            version,
            source: self.variable,
        })
    }

    /// Resolves the version to install and says in the log which source chose it.
    pub fn select<'a>(
        &self,
        inventory: &'a Inventory,
        request: Option<Request>,
        app_dir: &Path,
        target: &Target,
        output: &mut Output,
    ) -> Result<&'a Dependency, Error> {
        output.section(&format!("Resolving {} version", self.name));
        let (version, source) = if let Some(request) = request {
            output.step(&format!(
                "Requested \"{}\" (from {})",
                request.version, request.source
            ));
            (request.version, Some(request.source))
        } else {
            let version = inventory.default_version(self.id).unwrap_or("*");
            output.step(&format!(
                "No version requested; using the default \"{version}\""
            ));
            ((self.default)(version), None)
        };
        let named = |error: Error| match source {
            Some(variable) if variable == self.variable => error.variable(variable),
            Some(file) => error.file(app_dir.join(file)),
            None => error,
        };
        let constraint = (self.parse)(&version).map_err(named)?;
        let dependency = inventory
            .resolve_with_debug(self.id, constraint.as_ref(), target, output)
            .map_err(named)?;
        output.step(&format!(
            "Selected {} {} (from {})",
            self.name,
            dependency.version,
            source.unwrap_or("the buildpack's default")
        ));
        warn_if_deprecated(dependency, self.variable, output)?;
        Ok(dependency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GemRequirement;
    use stowage_kit::error::Subject;
    use stowage_kit::output::captured;

    const MRI: Tool = Tool {
        provides: "mri",
        id: "ruby",
        name: "MRI",
        variable: "BP_MRI_VERSION",
        parse: |text| Ok(Box::new(GemRequirement::parse(text)?)),
        default: str::to_string,
    };

    fn subject(request: Option<Request>) -> Option<Subject> {
        let (mut output, _) = captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        MRI.select(
            &Inventory::default(),
            request,
            Path::new("/workspace"),
            &target,
            &mut output,
        )
        .expect_err("an empty inventory")
        .subject
    }

    #[test]
    fn errors_name_the_variable_or_file_that_asked() {
        let request = |source| {
            Some(Request {
                version: "3.1".to_string(),
                source,
            })
        };
        assert_eq!(
            subject(request("BP_MRI_VERSION")),
            Some(Subject::Variable("BP_MRI_VERSION".to_string()))
        );
        assert_eq!(
            subject(request("Gemfile.lock")),
            Some(Subject::File("/workspace/Gemfile.lock".into()))
        );
        assert_eq!(subject(None), None);
    }
}
