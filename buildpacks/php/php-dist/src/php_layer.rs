//! The `php` layer: the PHP distribution (checksum-verified, cached, with SBOMs), with `bin`
//! and `sbin` on `PATH` and Paketo's `PHP_HOME`, `PHP_EXTENSION_DIR` and `PHP_API`.

use crate::{PhpDistBuildpack, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

/// The installed distribution.
pub(crate) struct Installed {
    pub home: PathBuf,
    /// `<home>/lib/php/extensions/no-debug-non-zts-<api>`.
    pub extension_dir: PathBuf,
    /// `<api>`, the text after the folder's last `-`.
    pub api: String,
}

pub(crate) fn install(
    context: &BuildContext<PhpDistBuildpack>,
    dependency: &Dependency,
    launch: bool,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<Installed, Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("php"),
            dependency,
            // Later buildpacks (Composer) run PHP at build.
            build: true,
            launch,
        },
        config,
        output,
    )?;
    let home = layer.path();
    let extension_dir = extension_dir(&home)?;
    let api = extension_dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .and_then(|name| name.rsplit_once('-').map(|(_, api)| api.to_string()))
        .unwrap_or_default();
    let env = [
        ("PHP_HOME", home.clone()),
        ("PHP_EXTENSION_DIR", extension_dir.clone()),
    ]
    .into_iter()
    .fold(LayerEnv::new(), |env, (name, value)| {
        env.chainable_insert(Scope::All, ModificationBehavior::Override, name, value)
    })
    .chainable_insert(Scope::All, ModificationBehavior::Override, "PHP_API", &api)
    .chainable_insert(
        Scope::All,
        ModificationBehavior::Prepend,
        "PATH",
        format!(
            "{}:{}",
            home.join("sbin").display(),
            home.join("bin").display()
        ),
    )
    .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "PATH", ":");
    layer.write_env(env)?;
    Ok(Installed {
        home,
        extension_dir,
        api,
    })
}

/// Exactly one `lib/php/extensions/no-debug-non-zts-*` folder, as Paketo expects.
fn extension_dir(home: &Path) -> Result<PathBuf, Error> {
    let base = home.join("lib/php/extensions");
    let found: Vec<PathBuf> = fs_err::read_dir(&base)
        .map_err(|_| errors::no_extension_dir(&base, 0))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("no-debug-non-zts-"))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        other => Err(errors::no_extension_dir(&base, other.len())),
    }
}
