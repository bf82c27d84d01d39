//! One installed `node_modules` in a cached layer: the package manager installs into the
//! project, the result moves into the layer, and a rebuild keeps the layer while its
//! [`InstallInputs`] are unchanged. The log says which and why.

use super::install_inputs::InstallInputs;
use super::installed_packages::installed_packages;
use super::modules_dir::move_modules;
use super::modules_link::BUILD_MODULES_VAR;
use crate::config::Config;
use crate::dependency_layer::{needs_install, remove_layer};
use crate::output::Output;
use crate::sbom::components::{Package, packages_cyclonedx_json};
use crate::{Error, sbom};
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use libcnb::data::layer_name;
use libcnb::data::sbom::SbomFormat;
use libcnb::layer::{CachedLayerDefinition, InvalidMetadataAction, RestoredLayerAction};
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use libcnb::{Buildpack, sbom::Sbom};
use std::path::{Path, PathBuf};

/// What to install and where the layer is visible.
pub struct ModulesLayer<'a> {
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
pub enum Modules {
    /// Every dependency, devDependencies too, for later build steps.
    Build,
    /// Without devDependencies, for the app image.
    Launch,
}

impl Modules {
    /// The layer of these modules, installed from `inputs`.
    #[must_use]
    pub fn layer(self, inputs: InstallInputs) -> ModulesLayer<'static> {
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
        ModulesLayer {
            name,
            label,
            build: self == Self::Build,
            launch: self == Self::Launch,
            inputs,
        }
    }
}

/// A package manager's install of either layer; returns the layer's `node_modules`.
pub trait ModulesInstaller {
    fn install(
        &self,
        modules: Modules,
        config: &Config,
        output: &mut Output,
    ) -> libcnb::Result<PathBuf, Error>;
}

/// Makes the layer hold the packages `run` installs into `<project>/node_modules`, unless the
/// restored layer was installed from the same inputs. `run` gets the layer's folder (for
/// state files that belong with the packages). Returns the layer's `node_modules`.
/// A failed install leaves no layer behind.
pub fn install_modules<B>(
    context: &BuildContext<B>,
    project: &Path,
    layer: &ModulesLayer<'_>,
    config: &Config,
    output: &mut Output,
    run: &mut dyn FnMut(&mut Output, &Path) -> Result<(), Error>,
) -> libcnb::Result<PathBuf, Error>
where
    B: Buildpack<Error = Error>,
{
    let wanted = &layer.inputs;
    let layer_ref = context.cached_layer(
        &layer.name,
        CachedLayerDefinition {
            build: layer.build,
            launch: layer.launch,
            invalid_metadata_action: &|_| {
                (
                    InvalidMetadataAction::DeleteLayer,
                    "the cached layer was written by an incompatible buildpack version".to_string(),
                )
            },
            restored_layer_action: &|cached: &InstallInputs, _: &Path| {
                let changes = wanted.changes_since(cached);
                if changes.is_empty() {
                    (RestoredLayerAction::KeepLayer, wanted.unchanged())
                } else {
                    (RestoredLayerAction::DeleteLayer, changes.join(", "))
                }
            },
        },
    )?;
    let modules = layer_ref.path().join("node_modules");
    output.section(&format!("Installing {}", layer.label));
    if needs_install(&layer_ref.state, output) {
        let installed = prepare(project, output)
            .and_then(|()| run(output, &layer_ref.path()))
            .and_then(|()| place(project, &modules));
        if let Err(error) = installed {
            remove_layer(&context.layers_dir, &layer.name);
            return Err(error.into());
        }
        layer_ref.write_metadata(wanted)?;
    }

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

/// A symlink left by an earlier install (or build) must not be written through.
fn prepare(project: &Path, output: &mut Output) -> Result<(), Error> {
    let link = project.join("node_modules");
    match fs_err::symlink_metadata(&link) {
        Ok(meta) if meta.is_symlink() => {
            fs_err::remove_file(&link).map_err(|error| link_failed(&link, &error))
        }
        Ok(_) => {
            output.step("The app ships a node_modules folder: it is the starting point");
            Ok(())
        }
        Err(_) => Ok(()),
    }
}

/// Moves the install into the layer; a project without dependencies gets an empty folder.
fn place(project: &Path, modules: &Path) -> Result<(), Error> {
    if fs_err::symlink_metadata(project.join("node_modules")).is_ok() {
        return move_modules(project, modules);
    }
    fs_err::create_dir_all(modules).map_err(|error| layer_failed(modules, &error))
}

fn link_failed(link: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "nodejs/node-modules-link-failed",
        "The app's node_modules link could not be replaced",
        "An earlier build left node_modules as a symlink, which is replaced before installing. \
         Check that the app folder is writable by the build user.",
    )
    .file(link)
    .debug(error)
}

fn layer_failed(modules: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "nodejs/node-modules-move-failed",
        "The layer for node_modules could not be created",
        "Check that the disk is not full and that the layers folder is writable by the build user.",
    )
    .file(modules)
    .debug(error)
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
    fn file_system_failures_say_what_to_check() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(format!(
            "{}{}",
            link_failed(Path::new("/workspace/node_modules"), &error).render(),
            layer_failed(Path::new("/layers/x/node_modules"), &error).render()
        ));
    }

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
