//! A package manager published on the npm registry (Yarn, pnpm), installed into a layer whose
//! `bin` (on PATH for later buildpacks) holds its commands. Shared by the yarn and pnpm
//! buildpacks, which differ only in the [`RegistryPackageManager`] they pass.

use crate::installer_plan::{at_build, plan_error};
use crate::manager_request::{self, ManagerRequest};
use crate::resolve_project_dir;
use libcnb::build::BuildContext;
use libcnb::data::build_plan::{BuildPlan, BuildPlanBuilder};
use libcnb::data::layer::LayerName;
use libcnb::{Buildpack, Platform};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_kit::require::any_asks;
use stowage_kit::version::NpmRange;

/// One package manager.
pub struct RegistryPackageManager {
    /// The dependency id, build plan name, layer name and command: `yarn`, `pnpm`.
    pub id: &'static str,
    /// For the log: `Yarn`, `pnpm`.
    pub name: &'static str,
    /// What the project's other files say, such as its lockfile format.
    pub hint: fn(&Path) -> Result<ManagerVersionHint, Error>,
}

/// What a project's files other than package.json say about the version to install.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManagerVersionHint {
    /// Nothing: package.json or the default decides.
    None,
    /// A version to use when package.json asks for none, e.g. from the lockfile format.
    Request(ManagerRequest),
    /// The project commits its own release (described here), which the installed command
    /// hands over to: the default version is installed, whatever package.json asks.
    OwnRelease(String),
}

impl RegistryPackageManager {
    /// Provides the manager and requires `node` while building, since its commands run on node.
    pub fn detect_plan(&self) -> Result<BuildPlan, Error> {
        Ok(BuildPlanBuilder::new()
            .provides(self.id)
            .requires(at_build("node")?)
            .build())
    }

    /// Resolves the version, installs it (or keeps the cached layer) and links its commands.
    pub fn install<B>(
        &self,
        context: &BuildContext<B>,
        output: &mut Output,
    ) -> libcnb::Result<(), Error>
    where
        B: Buildpack<Metadata = Inventory, Error = Error>,
    {
        install(context, self, output)
    }
}

fn install<B>(
    context: &BuildContext<B>,
    manager: &RegistryPackageManager,
    output: &mut Output,
) -> libcnb::Result<(), Error>
where
    B: Buildpack<Metadata = Inventory, Error = Error>,
{
    let config = Config::new(context.platform.env());
    let project = resolve_project_dir(&context.app_dir, &config)?;
    let dependency = select(context, manager, &project, output)?;
    let entries = context.buildpack_plan.entries.iter();
    let launch = any_asks(entries.filter(|entry| entry.name == manager.id), "launch");
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name(manager.id)?,
            dependency,
            build: true,
            launch,
        },
        &config,
        output,
    )?;
    let commands = crate::package_bins::link(&layer.path())?;
    output.step(&format!("Commands on PATH: {}", commands.join(", ")));
    Ok(())
}

fn select<'a, B>(
    context: &'a BuildContext<B>,
    manager: &RegistryPackageManager,
    project: &Path,
    output: &mut Output,
) -> Result<&'a Dependency, Error>
where
    B: Buildpack<Metadata = Inventory, Error = Error>,
{
    let inventory = &context.buildpack_descriptor.metadata;
    output.section(&format!("Resolving {} version", manager.name));
    let request = match (manager.hint)(project)? {
        ManagerVersionHint::OwnRelease(release) => {
            output.step(&format!(
                "The project brings its own {}: {release}",
                manager.name
            ));
            output.detail("The installed command hands over to it");
            None
        }
        ManagerVersionHint::Request(hint) => {
            Some(manager_request::requested(project, manager.id)?.unwrap_or(hint))
        }
        ManagerVersionHint::None => manager_request::requested(project, manager.id)?,
    };
    let request = if let Some(request) = request {
        output.step(&format!(
            "Requested \"{}\" (from {})",
            request.constraint, request.source
        ));
        request
    } else {
        let default = inventory.default_version(manager.id).unwrap_or("*");
        output.step(&format!(
            "No version requested; using the default \"{default}\""
        ));
        ManagerRequest {
            constraint: default.to_string(),
            source: "default".to_string(),
            exact: None,
        }
    };
    let in_file = |error: Error| match request.source.split_whitespace().next() {
        Some(file) if request.source != "default" => error.file(file),
        _ => error,
    };
    let constraint = NpmRange::parse(&request.constraint).map_err(in_file)?;
    let target = Target::from(&context.target);
    let dependency = inventory
        .resolve_with_debug(manager.id, &constraint, &target, output)
        .map_err(in_file)?;
    output.step(&format!("Selected {} {}", manager.name, dependency.version));
    if let Some(exact) = request
        .exact
        .as_ref()
        .filter(|exact| **exact != dependency.version)
    {
        output.detail(&format!(
            "{} pins {exact}; this buildpack carries {}, the newest {}.x, which runs in its place",
            request.source, dependency.version, exact.major
        ));
    }
    warn_if_deprecated(dependency, "packageManager in package.json", output)?;
    Ok(dependency)
}

fn layer_name(id: &str) -> Result<LayerName, Error> {
    id.parse().map_err(plan_error)
}
