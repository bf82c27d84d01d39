//! Which Maven runs: the app's `mvnw` when it has one, else Apache Maven from the inventory,
//! installed into the cache-only layer `maven` and kept while its checksum is unchanged.

use crate::MavenBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Target;
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;

pub(crate) const MAVEN_VERSION: &str = "BP_MAVEN_VERSION";

/// The program to run, and what it is for the log.
pub(crate) struct Tool {
    pub program: PathBuf,
    pub wrapper: bool,
}

pub(crate) fn select(
    context: &BuildContext<MavenBuildpack>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<Tool, Error> {
    let mvnw = context.app_dir.join("mvnw");
    if mvnw.is_file() {
        output.section("Using the Maven wrapper");
        prepare_wrapper(&mvnw, output)?;
        output.step("mvnw: the app's Maven wrapper runs the Maven version it names");
        return Ok(Tool {
            program: mvnw,
            wrapper: true,
        });
    }
    let inventory = &context.buildpack_descriptor.metadata;
    let requested = config
        .string(MAVEN_VERSION)
        .filter(|value| !value.trim().is_empty());
    let constraint_text = requested
        .clone()
        .or_else(|| inventory.default_version("maven").map(str::to_string))
        .unwrap_or_else(|| "*".to_string());
    let constraint = SemverRequirement::parse(&constraint_text)
        .map_err(|error| error.variable(MAVEN_VERSION))?;
    let dependency = inventory.resolve("maven", &constraint, &Target::from(&context.target))?;
    let opened = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("maven"),
            dependency,
            // Only this buildpack runs it; the layer is cached, not in the image.
            build: false,
            launch: false,
        },
        config,
        output,
    )?;
    Ok(Tool {
        program: opened.path().join("bin").join("mvn"),
        wrapper: false,
    })
}

/// Makes `mvnw` executable when it is not, and refuses one the system cannot start.
fn prepare_wrapper(mvnw: &Path, output: &mut Output) -> Result<(), Error> {
    let shown = Path::new("mvnw");
    let metadata = fs_err::metadata(mvnw).map_err(|error| errors::unreadable(shown, &error))?;
    let mode = metadata.permissions().mode();
    if mode & 0o111 != 0o111 {
        fs_err::set_permissions(mvnw, std::fs::Permissions::from_mode(mode | 0o755)).map_err(
            |error| {
                errors::mvnw_not_runnable(
                    shown,
                    &format!("It is not executable and could not be made so: {error}."),
                )
            },
        )?;
        output.step("Made mvnw executable (it was committed without the executable bit)");
    }
    let head = read_head(mvnw)?;
    if let Some(reason) = unrunnable(&head) {
        return Err(errors::mvnw_not_runnable(shown, &reason));
    }
    Ok(())
}

fn read_head(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut head = Vec::new();
    fs_err::File::open(path)
        .and_then(|file| file.take(512).read_to_end(&mut head))
        .map_err(|error| errors::unreadable(path, &error))?;
    Ok(head)
}

/// Why a script starting with `head` cannot run, if it cannot.
fn unrunnable(head: &[u8]) -> Option<String> {
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let first = &head[..line_end];
    let Some(interpreter_line) = first.strip_prefix(b"#!") else {
        return Some(
            "It does not start with `#!` naming its interpreter (such as `#!/bin/sh`), so it is not a script the system can run."
                .to_string(),
        );
    };
    let text = String::from_utf8_lossy(interpreter_line);
    if text.ends_with('\r') {
        return Some(format!(
            "Its first line ends with a carriage return (Windows line endings), so the system looks for `{}\\r`.",
            text.trim_end_matches('\r').trim()
        ));
    }
    let interpreter = text.split_whitespace().next().unwrap_or_default();
    if interpreter.is_empty() {
        return Some("Its `#!` line names no interpreter.".to_string());
    }
    if !Path::new(interpreter).is_file() {
        return Some(format!(
            "Its `#!` line names `{interpreter}`, which the build image does not have."
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shell_script_runs() {
        assert_eq!(unrunnable(b"#!/bin/sh\necho\n"), None);
        assert_eq!(unrunnable(b"#!/bin/sh -e\n"), None);
    }

    #[test]
    fn crlf_missing_interpreters_and_non_scripts_do_not() {
        assert!(
            unrunnable(b"#!/bin/sh\r\necho\r\n")
                .expect("crlf")
                .contains("carriage return")
        );
        assert!(
            unrunnable(b"#!/no/such/shell\n")
                .expect("missing")
                .contains("`/no/such/shell`")
        );
        assert!(unrunnable(b"PK\x03\x04").expect("binary").contains("#!"));
        assert!(unrunnable(b"#!\n").is_some());
    }
}
