//! Pieces every build tool's buildpack needs: which program runs (the app's wrapper script,
//! `gradlew` or `mvnw`, made executable and checked that it can start, else the tool from the
//! inventory in a cache-only layer), and a `BP_*_BUILD_ARGUMENTS` value split into words as a
//! shell would.

use libcnb::Buildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer::LayerName;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::{Inventory, Target};
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;

/// A build tool as its buildpack runs it.
pub struct Tool<'a> {
    /// For the log: `Maven`.
    pub name: &'a str,
    /// The app's wrapper script: `mvnw`.
    pub wrapper: &'a str,
    /// The inventory's dependency id: `maven`.
    pub dependency: &'a str,
    /// The layer it is installed into (cache-only; only this buildpack runs it).
    pub layer: LayerName,
    /// The variable asking for a version: `BP_MAVEN_VERSION`.
    pub version_variable: &'a str,
    /// The program in the installed tool's `bin`: `mvn`.
    pub program: &'a str,
}

/// The program to run, and whether it is the app's wrapper.
pub struct Selected {
    pub program: PathBuf,
    pub wrapper: bool,
}

/// Why the app's wrapper cannot be used; the buildpack makes it its own error.
#[derive(Debug)]
pub enum WrapperError {
    Unreadable(std::io::Error),
    /// The sentence saying why it cannot start.
    Unrunnable(String),
}

/// The app's wrapper when it has one, else the tool from the inventory (the version
/// variable, else the inventory's default), installed into its layer.
pub fn select<B>(
    context: &BuildContext<B>,
    tool: &Tool<'_>,
    config: &Config,
    output: &mut Output,
    wrapper_error: impl FnOnce(WrapperError) -> Error,
) -> libcnb::Result<Selected, Error>
where
    B: Buildpack<Error = Error, Metadata = Inventory>,
{
    let wrapper = context.app_dir.join(tool.wrapper);
    if wrapper.is_file() {
        output.section(&format!("Using the {} wrapper", tool.name));
        prepare_wrapper(&wrapper, tool.wrapper, output).map_err(wrapper_error)?;
        output.step(&format!(
            "{}: the app's {name} wrapper runs the {name} version it names",
            tool.wrapper,
            name = tool.name
        ));
        return Ok(Selected {
            program: wrapper,
            wrapper: true,
        });
    }
    let inventory = &context.buildpack_descriptor.metadata;
    let constraint_text = config
        .string(tool.version_variable)
        .filter(|value| !value.trim().is_empty())
        .or_else(|| {
            inventory
                .default_version(tool.dependency)
                .map(str::to_string)
        })
        .unwrap_or_else(|| "*".to_string());
    let constraint = SemverRequirement::parse(&constraint_text)
        .map_err(|error| error.variable(tool.version_variable))?;
    let dependency =
        inventory.resolve(tool.dependency, &constraint, &Target::from(&context.target))?;
    let opened = dependency_layer::install(
        context,
        &DependencyLayer {
            name: tool.layer.clone(),
            dependency,
            // Only this buildpack runs it; the layer is cached, not in the image.
            build: false,
            launch: false,
        },
        config,
        output,
    )?;
    Ok(Selected {
        program: opened.path().join("bin").join(tool.program),
        wrapper: false,
    })
}

/// Makes the wrapper executable when it is not, and refuses one the system cannot start.
fn prepare_wrapper(script: &Path, shown: &str, output: &mut Output) -> Result<(), WrapperError> {
    let mode = fs_err::metadata(script)
        .map_err(WrapperError::Unreadable)?
        .permissions()
        .mode();
    if mode & 0o111 != 0o111 {
        fs_err::set_permissions(script, std::fs::Permissions::from_mode(mode | 0o755)).map_err(
            |error| {
                WrapperError::Unrunnable(format!(
                    "It is not executable and could not be made so: {error}."
                ))
            },
        )?;
        output.step(&format!(
            "Made {shown} executable (it was committed without the executable bit)"
        ));
    }
    let mut head = Vec::new();
    fs_err::File::open(script)
        .and_then(|file| file.take(512).read_to_end(&mut head))
        .map_err(WrapperError::Unreadable)?;
    match unrunnable_script(&head) {
        Some(reason) => Err(WrapperError::Unrunnable(reason)),
        None => Ok(()),
    }
}

pub use stowage_kit::words::split_words;

/// Why a script starting with `head` cannot be started, if it cannot.
#[must_use]
pub fn unrunnable_script(head: &[u8]) -> Option<String> {
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
    fn scripts_that_cannot_start() {
        assert_eq!(unrunnable_script(b"#!/bin/sh\necho\n"), None);
        assert!(
            unrunnable_script(b"#!/bin/sh\r\n")
                .expect("crlf")
                .contains("carriage return")
        );
        assert!(
            unrunnable_script(b"#!/no/such/shell\n")
                .expect("missing")
                .contains("/no/such/shell")
        );
        assert!(
            unrunnable_script(b"PK\x03\x04")
                .expect("binary")
                .contains("#!")
        );
    }
}
