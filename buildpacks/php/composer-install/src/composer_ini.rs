//! The extensions Composer itself needs (Paketo's composer-php.ini): Debian's Composer uses
//! mbstring and intl to write its output, and curl and zip to download. Those PHP ships as
//! modules but the build's ini does not load go into `composer.ini` in a scratch layer, which
//! Composer's runs add to `PHP_INI_SCAN_DIR`; the app's PHP is unchanged.

use crate::ComposerInstallBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use stowage_kit::Error;

const WANTED: [&str; 4] = ["mbstring", "intl", "curl", "zip"];

/// The `PHP_INI_SCAN_DIR` for Composer's runs.
pub(crate) fn scan_dir(
    context: &BuildContext<ComposerInstallBuildpack>,
) -> libcnb::Result<OsString, Error> {
    let layer = context.uncached_layer(
        layer_name!("composer-php-ini"),
        UncachedLayerDefinition {
            build: false,
            launch: false,
        },
    )?;
    let loaded = loaded_modules();
    let shipped = std::env::var_os("PHP_EXTENSION_DIR").unwrap_or_default();
    let text = ini(&loaded, Path::new(&shipped));
    write_ini(&layer.path().join("composer.ini"), &text)?;
    let mut dir = std::env::var_os("PHP_INI_SCAN_DIR").unwrap_or_default();
    if !dir.is_empty() {
        dir.push(":");
    }
    dir.push(layer.path());
    Ok(dir)
}

fn write_ini(file: &Path, text: &str) -> Result<(), Error> {
    fs_err::write(file, text).map_err(|error| errors::ini_not_written(file, &error))
}

fn loaded_modules() -> Vec<String> {
    Command::new("php")
        .arg("-m")
        .stdin(Stdio::null())
        .output()
        .map(|ran| {
            String::from_utf8_lossy(&ran.stdout)
                .lines()
                .map(|line| line.trim().to_lowercase())
                .collect()
        })
        .unwrap_or_default()
}

fn ini(loaded: &[String], extension_dir: &Path) -> String {
    let mut text = String::from("; Made by stowage/composer-install for Composer's own runs.\n");
    for name in WANTED {
        if !loaded.iter().any(|module| module == name)
            && extension_dir.join(format!("{name}.so")).is_file()
        {
            text.push_str("extension=");
            text.push_str(name);
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_says_what_was_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("missing/composer.ini");
        let error = write_ini(&file, "").expect_err("no folder");
        let rendered = error
            .render()
            .replace(&dir.path().display().to_string(), "<layer>");
        insta::assert_snapshot!(rendered);
    }

    #[test]
    fn only_shipped_modules_not_yet_loaded() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["mbstring", "intl", "zip"] {
            fs_err::write(dir.path().join(format!("{name}.so")), "").expect("write");
        }
        let text = ini(&["intl".to_string(), "core".to_string()], dir.path());
        assert!(text.contains("extension=mbstring\n"), "{text}");
        assert!(text.contains("extension=zip\n"), "{text}");
        assert!(!text.contains("intl") && !text.contains("curl"), "{text}");
    }
}
