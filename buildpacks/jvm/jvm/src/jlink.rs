//! `BP_JVM_JLINK_ENABLED`: the app runs on a runtime `jlink` makes from the JDK, holding only
//! the modules it needs, instead of the JRE artifact (Paketo's libjvm jlink). The layer is
//! reused while the JDK and the jlink arguments are unchanged.

use crate::JvmBuildpack;
use crate::runtime::JvmLayer;
use libcnb::build::BuildContext;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::cached_layer::{CachedLayer, LayerKey, OpenedLayer};
use stowage_kit::command::run_streamed;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::sbom;

pub(crate) const ENABLED_VARIABLE: &str = "BP_JVM_JLINK_ENABLED";
pub(crate) const ARGS_VARIABLE: &str = "BP_JVM_JLINK_ARGS";
const DEFAULT_ARGS: &str = "--no-man-pages --no-header-files --strip-debug --compress=1";
/// Beside the `java.*` modules: elliptic-curve TLS (most HTTPS servers) lives in this one
/// until Java 22, and without it a jlinked runtime cannot reach them.
const EXTRA_MODULES: [&str; 1] = ["jdk.crypto.ec"];

/// The jlink arguments when jlink is enabled: `BP_JVM_JLINK_ARGS` (else Paketo's defaults),
/// without any `--output` (the layer is the output).
pub(crate) fn requested(config: &Config) -> Result<Option<Vec<String>>, Error> {
    if !config.flag(ENABLED_VARIABLE)? {
        return Ok(None);
    }
    let args = config
        .string(ARGS_VARIABLE)
        .filter(|args| !args.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_ARGS.to_string());
    let mut kept = Vec::new();
    let mut words = args.split_whitespace();
    while let Some(word) = words.next() {
        if word == "--output" {
            words.next();
        } else if !word.starts_with("--output=") {
            kept.push(word.to_string());
        }
    }
    Ok(Some(kept))
}

/// What the jlinked runtime is made from.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct JlinkKey {
    jdk_version: String,
    jdk_checksum: String,
    args: Vec<String>,
}

impl LayerKey for JlinkKey {
    fn differences(&self, old: &Self) -> Vec<String> {
        let mut differences = Vec::new();
        if self.jdk_checksum != old.jdk_checksum {
            differences.push(format!(
                "the JDK changed ({} is now {})",
                old.jdk_version, self.jdk_version
            ));
        }
        if self.args != old.args {
            differences.push(format!(
                "{ARGS_VARIABLE} changed (`{}` is now `{}`)",
                old.args.join(" "),
                self.args.join(" ")
            ));
        }
        differences
    }

    fn unchanged(&self) -> String {
        format!(
            "the JDK {} and the jlink arguments are unchanged",
            self.jdk_version
        )
    }
}

/// Opens the layer and, unless it is kept, runs the JDK's jlink into it. Its SBOM is the
/// JDK's: the runtime is the JDK, cut down.
pub(crate) fn make(
    context: &BuildContext<JvmBuildpack>,
    layer: &JvmLayer<'_>,
    jdk_home: &Path,
    args: &[String],
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<OpenedLayer<JvmBuildpack, JlinkKey>, Error> {
    let jdk = layer.dependency;
    output.section(&format!(
        "Making a Java runtime with jlink from JDK {}",
        jdk.version
    ));
    let opened = CachedLayer {
        name: layer.name.clone(),
        build: layer.build,
        launch: layer.launch,
        key: JlinkKey {
            jdk_version: jdk.version.to_string(),
            jdk_checksum: jdk.checksum.to_string(),
            args: args.to_vec(),
        },
    }
    .open(context)?;
    opened.log_reuse(output);
    opened.fill_if_empty(|target| link(jdk_home, args, target, output))?;
    let sboms = if config.sbom_enabled()? {
        sbom::layer_sboms(jdk, sbom::creation_time()?)?
    } else {
        Vec::new()
    };
    opened.write_sboms(&sboms)?;
    Ok(opened)
}

fn link(jdk_home: &Path, args: &[String], target: &Path, output: &mut Output) -> Result<(), Error> {
    let mut command = Command::new(jdk_home.join("bin/jlink"));
    command.args(args);
    if !args
        .iter()
        .any(|arg| arg == "--add-modules" || arg.starts_with("--add-modules="))
    {
        let modules = modules(jdk_home)?;
        output.step(&format!(
            "Linking {} modules: the JDK's java.* modules and {}",
            modules.len(),
            EXTRA_MODULES.join(", ")
        ));
        command.arg("--add-modules").arg(modules.join(","));
    }
    // jlink makes its output folder itself; the layer's folder is filled from it.
    let staging = target.with_extension("jlink");
    let _ = fs_err::remove_dir_all(&staging);
    command.arg("--output").arg(&staging);
    let result = run_streamed(
        &mut command,
        output,
        "jvm/jlink-failed",
        &format!(
            "jlink could not make the runtime. Check {ARGS_VARIABLE} (jlink's own message is above), \
             or unset {ENABLED_VARIABLE} to run on the JRE."
        ),
    )
    .and_then(|()| move_contents(&staging, target));
    let _ = fs_err::remove_dir_all(&staging);
    result
}

/// `java.*` modules of the JDK, and the extra ones it has.
fn modules(jdk_home: &Path) -> Result<Vec<String>, Error> {
    let listed = Command::new(jdk_home.join("bin/java"))
        .arg("--list-modules")
        .output()
        .map_err(|error| crate::errors::jlink_modules_unknown(&error.to_string()))?;
    if !listed.status.success() {
        return Err(crate::errors::jlink_modules_unknown(
            &String::from_utf8_lossy(&listed.stderr),
        ));
    }
    Ok(module_names(&String::from_utf8_lossy(&listed.stdout)))
}

/// `java.base@17.0.2` lines → the `java.*` names and [`EXTRA_MODULES`], sorted.
fn module_names(listing: &str) -> Vec<String> {
    let mut names: Vec<String> = listing
        .lines()
        .filter_map(|line| line.split('@').next())
        .map(str::trim)
        .filter(|name| name.starts_with("java.") || EXTRA_MODULES.contains(name))
        .map(String::from)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn move_contents(from: &Path, to: &Path) -> Result<(), Error> {
    let moved = || -> std::io::Result<()> {
        for entry in fs_err::read_dir(from)? {
            let entry = entry?;
            fs_err::rename(entry.path(), to.join(entry.file_name()))?;
        }
        Ok(())
    };
    moved().map_err(|error| {
        Error::new(
            "jvm/jlink-failed",
            "The runtime jlink made could not be moved into its layer",
            "Check the free space of the build's layers volume and build again.",
        )
        .debug(error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> Option<Vec<String>> {
        let env = stowage_kit::config::env_of(pairs.iter().copied());
        requested(&Config::new(&env)).expect("config")
    }

    #[test]
    fn off_unless_enabled_with_paketos_default_arguments() {
        assert_eq!(args(&[]), None);
        assert_eq!(args(&[(ENABLED_VARIABLE, "false")]), None);
        assert_eq!(
            args(&[(ENABLED_VARIABLE, "true")]).expect("on").join(" "),
            DEFAULT_ARGS
        );
    }

    #[test]
    fn a_users_output_is_dropped_and_the_rest_kept() {
        let kept = args(&[
            (ENABLED_VARIABLE, "true"),
            (
                ARGS_VARIABLE,
                "--strip-debug --output /tmp/x --add-modules java.base --output=/y",
            ),
        ]);
        assert_eq!(
            kept.expect("on"),
            ["--strip-debug", "--add-modules", "java.base"]
        );
    }

    #[test]
    fn java_modules_and_the_ec_provider_are_linked() {
        let listing =
            "java.base@17.0.2\njava.sql@17.0.2\njdk.crypto.ec@17.0.2\njdk.jshell@17.0.2\n";
        assert_eq!(
            module_names(listing),
            ["java.base", "java.sql", "jdk.crypto.ec"]
        );
    }

    #[test]
    fn the_layer_says_what_changed() {
        let key = |checksum: &str, args: &[&str]| JlinkKey {
            jdk_version: format!("17.0.{}", checksum.len()),
            jdk_checksum: checksum.to_string(),
            args: args.iter().map(ToString::to_string).collect(),
        };
        let old = key("sha256:aa", &["--strip-debug"]);
        assert!(
            key("sha256:aa", &["--strip-debug"])
                .differences(&old)
                .is_empty()
        );
        assert_eq!(
            key("sha256:bbb", &["--compress=2"]).differences(&old),
            [
                "the JDK changed (17.0.9 is now 17.0.10)",
                "BP_JVM_JLINK_ARGS changed (`--strip-debug` is now `--compress=2`)"
            ]
        );
    }
}
