//! exec.d program of the app's Java runtime: computes the whole `JAVA_TOOL_OPTIONS` (memory
//! calculator and Paketo's helpers) from the launch environment, prints what it decided to
//! stderr and the variables to set as exec.d TOML. Memory that cannot fit the JVM fails the
//! start with the reason, rather than letting the JVM die later.

// The buildpack's binaries share their dependencies; this one uses only some of them.
#![allow(unused_crate_dependencies)]

use libcnb::Env;
use libcnb::data::exec_d::ExecDProgramOutputKey;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use stowage_jvm::{LaunchInputs, LaunchOptions, launch_options};
use stowage_kit::Error;

/// Assumed when the runtime's `release` file cannot be read: a current Java.
const ASSUMED_MAJOR: u64 = 17;

fn main() {
    let env = Env::from_current();
    let app_dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/workspace"));
    let java_major = env
        .get("JAVA_HOME")
        .and_then(|home| std::fs::read_to_string(Path::new(&home).join("release")).ok())
        .and_then(|release| release_major(&release))
        .unwrap_or(ASSUMED_MAJOR);
    let inputs = LaunchInputs {
        env: &env,
        root: Path::new("/"),
        app_dir: &app_dir,
        java_major,
        host_cpus: std::thread::available_parallelism().map_or(1, usize::from),
        now: time::OffsetDateTime::now_utc(),
    };
    match launch_options(&inputs) {
        Ok(options) => {
            report(&options);
            libcnb::exec_d::write_exec_d_program_output(variables(options));
        }
        Err(error) => {
            eprintln!("{}", error.render());
            std::process::exit(1);
        }
    }
}

fn report(options: &LaunchOptions) {
    for warning in &options.warnings {
        eprintln!("{}", warning.render_warning());
    }
    for message in &options.messages {
        eprintln!("{message}");
    }
}

fn variables(options: LaunchOptions) -> HashMap<ExecDProgramOutputKey, String> {
    std::iter::once(("JAVA_TOOL_OPTIONS".to_string(), options.java_tool_options))
        .chain(options.env)
        .filter_map(|(key, value)| Some((key.parse().ok()?, value)))
        .collect()
}

/// The major version in a runtime's `release` file: `JAVA_VERSION="17.0.15"` → 17,
/// `"1.8.0_392"` → 8.
fn release_major(release: &str) -> Option<u64> {
    let version = release
        .lines()
        .find_map(|line| line.strip_prefix("JAVA_VERSION="))?
        .trim()
        .trim_matches('"');
    let mut parts = version.split(['.', '_', '+', '-']);
    let first: u64 = parts.next()?.parse().ok()?;
    if first == 1 {
        return parts.next()?.parse().ok();
    }
    Some(first)
}

// Keeps the error type in view for readers: every failure printed is a stowage_kit::Error.
const _: fn(&Error) -> String = Error::render;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_major_of_the_release_file() {
        let release = "IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"17.0.15\"\n";
        assert_eq!(release_major(release), Some(17));
        assert_eq!(release_major("JAVA_VERSION=\"1.8.0_392\"\n"), Some(8));
        assert_eq!(release_major("JAVA_VERSION=\"21\"\n"), Some(21));
        assert_eq!(release_major("IMPLEMENTOR=\"x\"\n"), None);
    }

    #[test]
    fn java_tool_options_and_the_other_variables_become_exec_d_output() {
        let options = LaunchOptions {
            java_tool_options: "-Xmx1G".to_string(),
            env: vec![("NMT_LEVEL_1".to_string(), "summary".to_string())],
            ..LaunchOptions::default()
        };
        let output = variables(options);
        assert_eq!(output.len(), 2);
        assert!(output.values().any(|value| value == "-Xmx1G"));
        assert!(output.values().any(|value| value == "summary"));
    }
}
