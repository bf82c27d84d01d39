//! Configuration from outside the app, copied over the Tomcat base:
//! - `BP_TOMCAT_EXT_CONF_URI` (+ `_SHA256`, `_VERSION`, optional `_STRIP`): a tar.gz Paketo's
//!   way, downloaded and checked at build time with the kit's fetch (mirrors apply);
//! - a binding of type `tomcat`: each key is a file copied into `conf/` (`server.xml`,
//!   `context.xml`, `tomcat-users.xml`, ...), after the external configuration.

use crate::{base, errors};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::checksum::Checksum;
use stowage_kit::config::Config;
use stowage_kit::fetch::{self, FetchOptions};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

pub(crate) const URI: &str = "BP_TOMCAT_EXT_CONF_URI";
pub(crate) const SHA256: &str = "BP_TOMCAT_EXT_CONF_SHA256";
pub(crate) const VERSION: &str = "BP_TOMCAT_EXT_CONF_VERSION";
pub(crate) const STRIP: &str = "BP_TOMCAT_EXT_CONF_STRIP";
pub(crate) const BINDING_TYPE: &str = "tomcat";

/// The external configuration the variables name, if `BP_TOMCAT_EXT_CONF_URI` is set.
pub(crate) fn dependency(config: &Config) -> Result<Option<Dependency>, Error> {
    let Some(uri) = set(config, URI) else {
        return Ok(None);
    };
    let sha256 = set(config, SHA256).ok_or_else(|| errors::ext_conf_incomplete(SHA256))?;
    let version = set(config, VERSION).ok_or_else(|| errors::ext_conf_incomplete(VERSION))?;
    let checksum: Checksum = format!("sha256:{}", sha256.to_ascii_lowercase())
        .parse()
        .map_err(|_| {
            errors::bad_ext_conf_setting(SHA256, &sha256, "a sha256 in hex (64 digits)")
        })?;
    let parsed = semver::Version::parse(&version)
        .map_err(|_| errors::bad_ext_conf_setting(VERSION, &version, "a version like 1.0.0"))?;
    let strip = match set(config, STRIP) {
        None => 0,
        Some(value) => value.parse().map_err(|_| {
            errors::bad_ext_conf_setting(STRIP, &value, "a number of leading folders to drop")
        })?,
    };
    Ok(Some(Dependency {
        id: "tomcat-external-configuration".to_string(),
        name: Some("Tomcat external configuration".to_string()),
        version: parsed,
        uri,
        checksum,
        source: None,
        source_checksum: None,
        os: None,
        arch: None,
        stacks: Vec::new(),
        cpe: None,
        purl: None,
        licenses: Vec::new(),
        deprecation_date: None,
        strip_components: strip,
    }))
}

fn set(config: &Config, name: &str) -> Option<String> {
    config
        .string(name)
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

/// Downloads, verifies and unpacks `dependency` into a temporary folder (before the base is
/// made, so a failed download leaves no base); `conf` in it is what goes over the base.
pub(crate) fn fetch(
    dependency: &Dependency,
    env: &libcnb::Env,
    output: &mut Output,
) -> Result<tempfile::TempDir, Error> {
    let bindings = stowage_kit::platform::bindings()?;
    let location = fetch::locate(dependency, env, &bindings)?;
    output.step(&format!(
        "{URI}: {} ({})",
        location.display_uri(),
        location.reason
    ));
    let scratch =
        tempfile::tempdir().map_err(|error| errors::write_failed(Path::new("/tmp"), &error))?;
    let mut progress = output.download(&format!("External configuration {}", dependency.version));
    fetch::install(
        dependency,
        &location,
        &scratch.path().join("conf"),
        &FetchOptions::from_process_env(),
        &mut progress,
    )?;
    progress.finished();
    Ok(scratch)
}

/// Copies the fetched configuration over the base at `root`.
pub(crate) fn apply(fetched: &Path, root: &Path, output: &mut Output) -> Result<(), Error> {
    let copied = base::overlay(&fetched.join("conf"), root)?;
    output.step(&format!("Copied over the base: {}", shown(&copied)));
    Ok(())
}

/// Copies the files of each `tomcat` binding into `conf/`.
pub(crate) fn apply_bindings(
    bindings: &Bindings,
    root: &Path,
    output: &mut Output,
) -> Result<(), Error> {
    for binding in bindings.of_type(BINDING_TYPE) {
        let mut copied = Vec::new();
        for (key, file) in &binding.entries {
            let target = root.join("conf").join(key);
            base::copy_file(file, &target)?;
            copied.push(format!("conf/{key}"));
        }
        output.step(&format!(
            "Binding {} (type {BINDING_TYPE}): {}",
            binding.name,
            if copied.is_empty() {
                "no files".to_string()
            } else {
                copied.join(", ")
            }
        ));
    }
    Ok(())
}

fn shown(paths: &[std::path::PathBuf]) -> String {
    if paths.is_empty() {
        return "no files".to_string();
    }
    paths
        .iter()
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
