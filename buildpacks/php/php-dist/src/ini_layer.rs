//! The `php-ini` layer: php.ini, and a scan folder with buildpack.ini and the extensions
//! composer.json asks for. Rewritten every build (it names this build's paths and settings),
//! apart from the cached distribution. `PHPRC` points at it; `PHP_INI_SCAN_DIR` adds the
//! app's `.php.ini.d`.

use crate::ini::{self, Inputs};
use crate::php_layer::Installed;
use crate::{PhpDistBuildpack, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::output::Output;

pub(crate) fn write(
    context: &BuildContext<PhpDistBuildpack>,
    installed: &Installed,
    inputs: &Inputs<'_>,
    launch: bool,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    output.section("Configuring PHP");
    let production_file = installed.home.join("etc/php.ini-production");
    let production = fs_err::read_to_string(&production_file)
        .map_err(|error| errors::ini_not_written(&production_file, &error))?;
    let layer = context.uncached_layer(
        layer_name!("php-ini"),
        UncachedLayerDefinition {
            build: true,
            launch,
        },
    )?;
    let dir = layer.path();
    let scan = dir.join("conf.d");
    let mut files = vec![
        (dir.join("php.ini"), ini::php_ini(&production)),
        (
            scan.join("buildpack.ini"),
            ini::buildpack_ini(&installed.home, &installed.extension_dir, inputs),
        ),
    ];
    if let Some(text) = ini::composer_extensions_ini(inputs.enable) {
        files.push((scan.join("composer-extensions.ini"), text));
    }
    for (file, text) in &files {
        write_file(file, text)?;
        output.step(&format!("Wrote {}", shown(&dir, file)));
    }
    let scan_dirs = format!(
        "{}:{}",
        scan.display(),
        context.app_dir.join(".php.ini.d").display()
    );
    output.step(&format!("PHPRC={}", dir.display()));
    output.step(&format!("PHP_INI_SCAN_DIR={scan_dirs}"));
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(Scope::All, ModificationBehavior::Override, "PHPRC", &dir)
            .chainable_insert(
                Scope::All,
                ModificationBehavior::Default,
                "PHP_INI_SCAN_DIR",
                scan_dirs,
            ),
    )?;
    output.debug(&format!("PHP_API={}", installed.api));
    Ok(())
}

fn write_file(file: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = file.parent() {
        fs_err::create_dir_all(parent).map_err(|error| errors::ini_not_written(file, &error))?;
    }
    fs_err::write(file, text).map_err(|error| errors::ini_not_written(file, &error))
}

fn shown(dir: &Path, file: &Path) -> String {
    file.strip_prefix(dir).unwrap_or(file).display().to_string()
}
