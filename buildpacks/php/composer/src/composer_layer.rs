//! The `composer` layer (build only, cached while the checksum is unchanged, with SBOMs): the
//! downloaded `composer.phar`, executable as `bin/composer` (its stub starts with
//! `#!/usr/bin/env php`), `bin` on `PATH`.

use crate::{ComposerBuildpack, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

pub(crate) fn install(
    context: &BuildContext<ComposerBuildpack>,
    dependency: &Dependency,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("composer"),
            dependency,
            build: true,
            launch: false,
        },
        config,
        output,
    )?;
    let home = layer.path();
    let binary = link_binary(&home)?;
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::Build,
                ModificationBehavior::Prepend,
                "PATH",
                home.join("bin"),
            )
            .chainable_insert(Scope::Build, ModificationBehavior::Delimiter, "PATH", ":"),
    )?;
    check_runs(&binary, output)?;
    Ok(())
}

/// `bin/composer`, a link to the layer's one `*.phar`, which is made executable.
fn link_binary(home: &Path) -> Result<PathBuf, Error> {
    let phar = fs_err::read_dir(home)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "phar"))
        .ok_or_else(|| errors::no_phar(home))?;
    let write = |error: std::io::Error| errors::not_linked(home, &error);
    fs_err::set_permissions(&phar, std::fs::Permissions::from_mode(0o755)).map_err(write)?;
    let bin = home.join("bin");
    fs_err::create_dir_all(&bin).map_err(write)?;
    let binary = bin.join("composer");
    if binary.symlink_metadata().is_ok() {
        fs_err::remove_file(&binary).map_err(write)?;
    }
    let target = Path::new("..").join(phar.file_name().unwrap_or_default());
    std::os::unix::fs::symlink(&target, &binary).map_err(write)?;
    Ok(binary)
}

/// `composer --version` with the build's PHP (php-dist's layer on `PATH`, its ini via `PHPRC`).
fn check_runs(binary: &Path, output: &mut Output) -> Result<(), Error> {
    let result = Command::new("php")
        .arg(binary)
        .args(["--version", "--no-ansi", "--no-interaction"])
        .env("COMPOSER_NO_INTERACTION", "1")
        .output()
        .map_err(|error| errors::does_not_run(&error.to_string()))?;
    let said = String::from_utf8_lossy(&result.stdout);
    if !result.status.success() {
        return Err(errors::does_not_run(&format!(
            "{said}{}",
            String::from_utf8_lossy(&result.stderr)
        )));
    }
    output.step(said.lines().next().unwrap_or_default().trim());
    Ok(())
}
