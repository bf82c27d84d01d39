//! The ca-certificates buildpack packaged for a test, test CAs, and a runner for its launch
//! helper as the launcher runs an exec.d program (fd 3 open for its TOML output).
#![allow(dead_code)] // each test binary uses a different part of this module

use integration_tests::direct::Workspace;
use std::path::Path;
use std::process::Command;

/// Throwaway self-signed CAs made only for these tests.
pub(crate) const CA_ONE: &str = include_str!("../fixtures/ca-one.pem");
pub(crate) const CA_TWO: &str = include_str!("../fixtures/ca-two.pem");
/// The machine's system bundle, which bundles start with.
pub(crate) const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

pub(crate) fn workspace() -> Workspace {
    integration_tests::workspace!("ca-certificates")
}

/// The log with the temp workspace path replaced, for snapshots.
pub(crate) fn stable(log: &str, workspace: &Workspace) -> String {
    log.replace(&workspace.root.path().display().to_string(), "<workspace>")
}

/// What an exec.d run did.
pub(crate) struct ExecD {
    pub code: Option<i32>,
    pub stderr: String,
    /// The TOML written to fd 3.
    pub output: toml::Table,
}

/// Runs `program` with only `env`, fd 3 going to a file.
pub(crate) fn run_exec_d(program: &Path, env: &[(&str, &Path)], scratch: &Path) -> ExecD {
    let out = scratch.join("exec.d-output.toml");
    let result = Command::new("bash")
        .args(["-c", r#"exec "$0" 3>"$1""#])
        .arg(program)
        .arg(&out)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .envs(env.iter().map(|(name, value)| (name, value)))
        .output()
        .expect("run exec.d program");
    ExecD {
        code: result.status.code(),
        stderr: String::from_utf8_lossy(&result.stderr).into_owned(),
        output: fs_err::read_to_string(&out)
            .unwrap_or_default()
            .parse()
            .expect("exec.d output is TOML"),
    }
}
