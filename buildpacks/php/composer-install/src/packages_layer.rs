//! `composer install` into the cached `composer-packages` layer, kept while composer.json,
//! composer.lock, the options, PHP and Composer are unchanged (the log says which changed),
//! then copied into the app's `vendor/`. A real folder rather than a symlink: PHP resolves
//! symlinks in `__DIR__`, so Composer's autoloader would look for the app's own classes
//! beside the layer.

use crate::composer::{self, Composer};
use crate::settings::Settings;
use crate::{ComposerInstallBuildpack, errors, platform_reqs, sbom};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::cached_layer::CachedLayer;
use stowage_kit::config::Config;
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_kit::sbom::components::{Package, packages_cyclonedx_json};
use stowage_kit::staged_install::install_staged;
use stowage_kit::tree_move::{copy_tree, folder_name};

/// Installs the packages into the app's vendor folder; returns them, for the SBOM.
pub(crate) fn install(
    context: &BuildContext<ComposerInstallBuildpack>,
    composer: &Composer,
    settings: &Settings,
    output: &mut Output,
) -> libcnb::Result<Vec<Package>, Error> {
    let app = &context.app_dir;
    let json_name = relative(app, &settings.json);
    let lock = settings.json.with_file_name("composer.lock");
    let lock_name = relative(app, &lock);
    output.section("Composer");
    output.step(&format!("Packages from {json_name}"));
    if !lock.is_file() {
        output.warning(&errors::no_lock(&lock_name));
    }
    let php = composer::php_version()?;
    let composer_version = composer.version(app)?;
    output.step(&format!("PHP {php}, Composer {composer_version}"));
    platform_reqs::check(composer, app, &settings.json, output)?;

    let command_text = format!("composer install {}", settings.options.join(" "));
    let inputs = install_inputs(app, settings, &command_text, &php, &composer_version)?;
    let vendor = app.join(&settings.vendor);
    output.section("Installing Composer packages");
    let layer = install_staged(
        context,
        CachedLayer {
            name: layer_name!("composer-packages"),
            build: false,
            launch: false,
            key: inputs,
        },
        &vendor,
        output,
        &mut |output, _layer_dir| {
            let mut args = vec!["install".to_string()];
            args.extend(settings.options.iter().cloned());
            let mut command = composer.command(
                app,
                &args,
                &[
                    ("COMPOSER", &settings.json),
                    ("COMPOSER_VENDOR_DIR", &vendor),
                ],
            );
            let ran = Composer::run(&mut command, output)?;
            if ran.code == Some(0) {
                Ok(())
            } else {
                Err(errors::install_failed(&command_text, ran.code, &ran.text))
            }
        },
    )?;
    let installed = layer.path().join(folder_name(&vendor));
    replace_with_copy(&installed, &vendor)?;
    let packages = sbom::installed_packages(&vendor)?;
    output.step(&format!(
        "{} package{} in {}",
        packages.len(),
        if packages.len() == 1 { "" } else { "s" },
        settings.vendor.display()
    ));
    Ok(packages)
}

/// The layer's key: the command, the Composer files, PHP, Composer and the vendor folder
/// (installed under another name, the layer's copy would not be the folder the app uses).
fn install_inputs(
    app: &Path,
    settings: &Settings,
    command_text: &str,
    php: &str,
    composer_version: &str,
) -> Result<InstallInputs, Error> {
    let lock = settings.json.with_file_name("composer.lock");
    InstallInputs::collect(
        app,
        command_text,
        &[&relative(app, &settings.json), &relative(app, &lock)],
        &[
            ("PHP", php),
            ("Composer", composer_version),
            ("vendor folder", &settings.vendor.display().to_string()),
        ],
    )
}

/// The launch SBOM of the installed packages.
pub(crate) fn packages_sbom(
    packages: &[Package],
    config: &Config,
) -> Result<Option<libcnb::sbom::Sbom>, Error> {
    if !config.sbom_enabled()? {
        return Ok(None);
    }
    Ok(Some(libcnb::sbom::Sbom::from_bytes(
        libcnb::data::sbom::SbomFormat::CycloneDxJson,
        packages_cyclonedx_json(packages, stowage_kit::sbom::creation_time()?)?,
    )))
}

/// Makes `vendor` a copy of `installed`, replacing what an earlier build or the app left.
fn replace_with_copy(installed: &Path, vendor: &Path) -> Result<(), Error> {
    let removed = match fs_err::symlink_metadata(vendor) {
        Ok(meta) if meta.is_dir() => fs_err::remove_dir_all(vendor),
        Ok(_) => fs_err::remove_file(vendor),
        Err(_) => Ok(()),
    };
    removed.map_err(|error| errors::vendor_not_written(vendor, &error))?;
    if installed.is_dir() {
        copy_tree(installed, vendor)?;
    }
    Ok(())
}

fn relative(app: &Path, file: &Path) -> String {
    file.strip_prefix(app).unwrap_or(file).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::cached_layer::LayerKey;

    #[test]
    fn another_vendor_folder_installs_again() {
        let app = tempfile::tempdir().expect("temp dir");
        fs_err::write(app.path().join("composer.json"), "{}").expect("write");
        let settings = |vendor: &str| Settings {
            json: app.path().join("composer.json"),
            vendor: vendor.into(),
            options: vec!["--no-dev".into()],
            global: Vec::new(),
        };
        let key = |vendor| {
            install_inputs(
                app.path(),
                &settings(vendor),
                "composer install",
                "8.2.36",
                "2.5.5",
            )
            .expect("inputs")
        };
        assert!(key("vendor").differences(&key("vendor")).is_empty());
        assert_eq!(
            key("lib/vendor").differences(&key("vendor")),
            ["vendor folder changed from vendor to lib/vendor"]
        );
    }

    #[test]
    fn the_copy_replaces_a_link_or_an_old_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let installed = dir.path().join("layer/vendor");
        fs_err::create_dir_all(installed.join("acme/greeting")).expect("mkdir");
        fs_err::write(installed.join("autoload.php"), "<?php").expect("write");
        let vendor = dir.path().join("app/vendor");
        fs_err::create_dir_all(vendor.join("stale")).expect("mkdir");
        replace_with_copy(&installed, &vendor).expect("copied");
        assert!(vendor.join("autoload.php").is_file());
        assert!(vendor.join("acme/greeting").is_dir());
        assert!(!vendor.join("stale").exists());
        fs_err::remove_dir_all(&vendor).expect("rm");
        std::os::unix::fs::symlink(&installed, &vendor).expect("link");
        replace_with_copy(&installed, &vendor).expect("copied over a link");
        assert!(
            !fs_err::symlink_metadata(&vendor)
                .expect("meta")
                .is_symlink()
        );
        assert_eq!(relative(dir.path(), &vendor), "app/vendor");
    }
}
