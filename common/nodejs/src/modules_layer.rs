//! One installed `node_modules` in a cached layer: the package manager installs into the
//! project, the result moves into the layer, and a rebuild keeps the layer while its
//! [`InstallInputs`] are unchanged. The log says which and why.

use crate::installed_packages::installed_packages;
use crate::modules_link::BUILD_MODULES_VAR;
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use libcnb::data::layer_name;
use libcnb::data::sbom::SbomFormat;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use libcnb::{Buildpack, sbom::Sbom};
use std::path::{Path, PathBuf};
use stowage_kit::cached_layer::CachedLayer;
use stowage_kit::config::Config;
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_kit::sbom::components::{Package, packages_cyclonedx_json};
use stowage_kit::staged_install::install_staged;
use stowage_kit::{Error, sbom};

/// What to install and where the layer is visible.
pub struct ModulesLayerSpec<'a> {
    pub name: LayerName,
    /// For the log, e.g. `node_modules for launch (without devDependencies)`.
    pub label: &'a str,
    /// Later buildpacks use it while building; it is announced in [`BUILD_MODULES_VAR`].
    pub build: bool,
    /// Part of the app image.
    pub launch: bool,
    pub inputs: InstallInputs,
}

/// The two `node_modules` layers of an installer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModulesLayerKind {
    /// Every dependency, devDependencies too, for later build steps.
    Build,
    /// Without devDependencies, for the app image.
    Launch,
}

impl ModulesLayerKind {
    /// The layer of these modules, installed from `inputs`.
    #[must_use]
    pub fn layer(self, inputs: InstallInputs) -> ModulesLayerSpec<'static> {
        let (name, label) = match self {
            Self::Build => (
                layer_name!("build-modules"),
                "node_modules for the build (with devDependencies)",
            ),
            Self::Launch => (
                layer_name!("launch-modules"),
                "node_modules for launch (without devDependencies)",
            ),
        };
        ModulesLayerSpec {
            name,
            label,
            build: self == Self::Build,
            launch: self == Self::Launch,
            inputs,
        }
    }
}

/// What [`PackageManagerInstaller::prepare`] works out: the install and its inputs.
pub type PreparedInstall<I> = Result<(I, InstallInputs), Error>;

/// A package manager's install of either layer. The package manager works out what an
/// install runs and the inputs it is cached by ([`prepare`](Self::prepare)) and runs it
/// ([`run`](Self::run)); [`install`](Self::install) fills the layer with it.
pub trait PackageManagerInstaller {
    type Buildpack: Buildpack<Error = Error>;
    /// What one install runs, worked out once with its inputs.
    type Install;

    /// The build and the project folder the package manager installs in.
    fn build(&self) -> (&BuildContext<Self::Buildpack>, &Path);

    /// The install of the `kind` layer and the inputs the layer is kept for.
    fn prepare(
        &self,
        kind: ModulesLayerKind,
        output: &mut Output,
    ) -> PreparedInstall<Self::Install>;

    /// Runs `install` into `<project>/node_modules`; `layer_dir` is the layer's folder.
    fn run(
        &self,
        install: &Self::Install,
        output: &mut Output,
        layer_dir: &Path,
    ) -> Result<(), Error>;

    /// Installs the `kind` layer (see [`fill_modules_layer`]); returns its `node_modules`.
    fn install(
        &self,
        kind: ModulesLayerKind,
        config: &Config,
        output: &mut Output,
    ) -> libcnb::Result<PathBuf, Error> {
        let (install, inputs) = self.prepare(kind, output)?;
        let (context, project) = self.build();
        fill_modules_layer(
            context,
            project,
            &kind.layer(inputs),
            config,
            output,
            &mut |output, layer_dir| self.run(&install, output, layer_dir),
        )
    }
}

/// Makes the layer hold the packages `run` installs into `<project>/node_modules`, unless the
/// restored layer was installed from the same inputs. `run` gets the layer's folder (for
/// state files that belong with the packages). Returns the layer's `node_modules`.
/// A failed install leaves no layer behind.
pub fn fill_modules_layer<B>(
    context: &BuildContext<B>,
    project: &Path,
    layer: &ModulesLayerSpec<'_>,
    config: &Config,
    output: &mut Output,
    run: &mut dyn FnMut(&mut Output, &Path) -> Result<(), Error>,
) -> libcnb::Result<PathBuf, Error>
where
    B: Buildpack<Error = Error>,
{
    output.section(&format!("Installing {}", layer.label));
    let layer_ref = install_staged(
        context,
        CachedLayer {
            name: layer.name.clone(),
            build: layer.build,
            launch: layer.launch,
            key: layer.inputs.clone(),
        },
        &project.join("node_modules"),
        output,
        run,
    )?;
    let modules = layer_ref.path().join("node_modules");

    let mut env = LayerEnv::new()
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Prepend,
            "PATH",
            modules.join(".bin"),
        )
        .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "PATH", ":");
    if layer.build {
        env.insert(
            Scope::Build,
            ModificationBehavior::Override,
            BUILD_MODULES_VAR,
            &modules,
        );
    }
    layer_ref.write_env(env)?;

    let sboms = if config.sbom_enabled()? {
        let packages = packages(&modules)?;
        vec![Sbom::from_bytes(
            SbomFormat::CycloneDxJson,
            packages_cyclonedx_json(&packages, sbom::creation_time()?)?,
        )]
    } else {
        Vec::new()
    };
    layer_ref.write_sboms(&sboms)?;
    Ok(modules)
}

/// The packages of a hoisted tree (npm, Yarn) and of pnpm's virtual store
/// (`.pnpm/<id>/node_modules/<name>`, which the top-level symlinks point into).
fn packages(modules: &Path) -> Result<Vec<Package>, Error> {
    let mut packages = installed_packages(modules)?;
    if let Ok(entries) = fs_err::read_dir(modules.join(".pnpm")) {
        for entry in entries.flatten() {
            let nested = entry.path().join("node_modules");
            if nested.is_dir() {
                packages.extend(installed_packages(&nested)?);
            }
        }
    }
    packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    packages.dedup();
    Ok(packages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hoisted_and_virtual_store_packages() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |path: &str, text: &str| {
            let file = dir.path().join(path);
            fs_err::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            fs_err::write(file, text).expect("write");
        };
        write("ms/package.json", r#"{"name":"ms","version":"2.1.3"}"#);
        write(
            ".pnpm/is-number@7.0.0/node_modules/is-number/package.json",
            r#"{"name":"is-number","version":"7.0.0","license":"MIT"}"#,
        );
        let found: Vec<String> = packages(dir.path())
            .expect("packages")
            .into_iter()
            .map(|package| format!("{}@{}", package.name, package.version))
            .collect();
        assert_eq!(found, ["is-number@7.0.0", "ms@2.1.3"]);
    }
}
