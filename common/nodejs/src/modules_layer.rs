//! One installed `node_modules` in a cached layer: the package manager installs into the
//! project, the result moves into the layer, and a rebuild keeps the layer while its
//! [`InstallInputs`] are unchanged. The log says which and why.

use crate::installed_packages::installed_packages;
use crate::modules_link::BUILD_MODULES_VAR;
use crate::node_env::{Dependencies, NodeEnv};
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

/// One `node_modules` layer to fill: where it is visible and which dependencies it holds
/// ([`ModulesRequirement::layers`](crate::ModulesRequirement::layers) works them out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModulesLayer {
    pub name: LayerName,
    /// For the log, e.g. `node_modules for launch (without devDependencies: NODE_ENV=production)`.
    pub label: String,
    /// Later buildpacks use it while building; it is announced in [`BUILD_MODULES_VAR`].
    pub build: bool,
    /// Part of the app image.
    pub launch: bool,
    pub dependencies: Dependencies,
}

/// The layers an installer may fill: `launch-modules` whenever the image gets packages,
/// `build-modules` for build steps when the image's packages lack devDependencies.
pub const MODULES_LAYERS: [&str; 2] = ["build-modules", "launch-modules"];

impl ModulesLayer {
    /// Every dependency, for later build steps only.
    #[must_use]
    pub fn build_only() -> Self {
        Self {
            name: layer_name!("build-modules"),
            label: "node_modules for the build (with devDependencies)".to_string(),
            build: true,
            launch: false,
            dependencies: Dependencies::All,
        }
    }

    /// The image's packages (also used by build steps when `build`), as `node_env` decides.
    #[must_use]
    pub fn launch(build: bool, node_env: &NodeEnv) -> Self {
        let dependencies = node_env.launch_dependencies();
        let with = match dependencies {
            Dependencies::All => "with",
            Dependencies::Production => "without",
        };
        let used = if build {
            "the build and launch"
        } else {
            "launch"
        };
        Self {
            name: layer_name!("launch-modules"),
            label: format!(
                "node_modules for {used} ({with} devDependencies: {})",
                node_env.describe()
            ),
            build,
            launch: true,
            dependencies,
        }
    }
}

/// What [`PackageManagerInstaller::prepare`] works out: the install and its inputs.
pub type PreparedInstall<I> = Result<(I, InstallInputs), Error>;

/// A package manager's installs. It works out what an install of some dependencies runs and
/// the inputs its layer is cached by ([`prepare`](Self::prepare)), and runs it
/// ([`run`](Self::run)); [`ModulesRequirement::fill`](crate::ModulesRequirement::fill)
/// prepares every layer's install before it runs the first, so the inputs are the app's own
/// files, not what an earlier install wrote.
pub trait PackageManagerInstaller {
    type Buildpack: Buildpack<Error = Error>;
    /// What one install runs, worked out once with its inputs.
    type Install;

    /// The build and the project folder the package manager installs in.
    fn build(&self) -> (&BuildContext<Self::Buildpack>, &Path);

    /// The install of `dependencies` and the inputs the layer is kept for. The command in
    /// the inputs must tell the dependencies apart, so a layer is not reused for the other.
    fn prepare(
        &self,
        dependencies: Dependencies,
        output: &mut Output,
    ) -> PreparedInstall<Self::Install>;

    /// Runs `install` into `<project>/node_modules`; `layer_dir` is the layer's folder.
    fn run(
        &self,
        install: &Self::Install,
        output: &mut Output,
        layer_dir: &Path,
    ) -> Result<(), Error>;
}

/// Removes a modules layer this build does not fill (restored from an earlier build with
/// other needs or another `NODE_ENV`), so its packages and env do not linger.
pub(crate) fn remove_unused_layer(layers_dir: &Path, name: &str) -> Result<(), Error> {
    let paths = [
        layers_dir.join(name),
        layers_dir.join(format!("{name}.toml")),
        layers_dir.join(format!("{name}.sbom.cdx.json")),
        layers_dir.join(format!("{name}.sbom.spdx.json")),
        layers_dir.join(format!("{name}.sbom.syft.json")),
    ];
    for path in paths {
        let removed = match fs_err::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => fs_err::remove_dir_all(&path),
            Ok(_) => fs_err::remove_file(&path),
            Err(_) => Ok(()),
        };
        removed.map_err(|error| unused_layer_not_removed(name, &path, &error))?;
    }
    Ok(())
}

fn unused_layer_not_removed(name: &str, path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "nodejs/unused-layer-not-removed",
        format!("The {name} layer of an earlier build could not be removed"),
        "This build does not need it, and its packages must not stay in the image or the \
         build. Rebuild without the cache (e.g. `pack build --clear-cache`).",
    )
    .file(path)
    .debug(error)
}

/// Makes the layer hold the packages `run` installs into `<project>/node_modules`, unless the
/// restored layer was installed from the same `inputs`. `run` gets the layer's folder (for
/// state files that belong with the packages). Returns the layer's `node_modules`.
/// A failed install leaves no layer behind.
pub fn fill_modules_layer<B>(
    context: &BuildContext<B>,
    project: &Path,
    layer: &ModulesLayer,
    inputs: InstallInputs,
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
            key: inputs,
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
    fn removes_an_unused_layer_and_nothing_else() {
        let layers = tempfile::tempdir().expect("temp dir");
        let touch = |path: &str| {
            let file = layers.path().join(path);
            fs_err::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            fs_err::write(file, "x").expect("write");
        };
        for path in [
            "build-modules/node_modules/ms/index.js",
            "build-modules.toml",
            "build-modules.sbom.cdx.json",
            "launch-modules/node_modules/ms/index.js",
            "launch-modules.toml",
        ] {
            touch(path);
        }
        remove_unused_layer(layers.path(), "build-modules").expect("removed");
        let mut left: Vec<String> = fs_err::read_dir(layers.path())
            .expect("list")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        assert_eq!(left, ["launch-modules", "launch-modules.toml"]);
        remove_unused_layer(layers.path(), "build-modules").expect("nothing to remove is fine");
    }

    #[test]
    fn a_layer_that_cannot_be_removed_says_how_to_recover() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(
            unused_layer_not_removed(
                "build-modules",
                Path::new("/layers/stowage_npm-install/build-modules"),
                &error
            )
            .render()
        );
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
