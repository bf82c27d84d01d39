//! The procfile buildpack packaged for a test, and readers for what its build wrote.
#![allow(dead_code)] // each test binary uses a different part of this module

use integration_tests::direct::Workspace;
use std::collections::BTreeMap;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A workspace that runs while no other test of this binary copies or starts a program: a
/// binary still open for writing in one thread is inherited by another thread's fork, and
/// executing it then fails with "Text file busy".
pub struct Serial {
    workspace: Workspace,
    _guard: MutexGuard<'static, ()>,
}

impl Deref for Serial {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        &self.workspace
    }
}

pub fn workspace() -> Serial {
    static LOCK: Mutex<()> = Mutex::new(());
    let guard = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    Serial {
        workspace: Workspace::new(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            Path::new(env!("CARGO_BIN_EXE_procfile")),
            BTreeMap::new(),
        ),
        _guard: guard,
    }
}

/// `launch.toml` as the build wrote it into the buildpack's layers dir.
pub fn launch_toml(workspace: &Workspace) -> toml::Table {
    let path = workspace.buildpack_layers().join("launch.toml");
    fs_err::read_to_string(path)
        .expect("launch.toml")
        .parse()
        .expect("launch.toml is TOML")
}

/// (type, command, default) of each process, in order.
pub fn processes(workspace: &Workspace) -> Vec<(String, Vec<String>, bool)> {
    launch_toml(workspace)["processes"]
        .as_array()
        .expect("processes")
        .iter()
        .map(|process| {
            (
                process["type"].as_str().expect("type").to_string(),
                process["command"]
                    .as_array()
                    .expect("command")
                    .iter()
                    .map(|part| part.as_str().expect("string").to_string())
                    .collect(),
                process
                    .get("default")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false),
            )
        })
        .collect()
}

pub fn bash(command: &str) -> Vec<String> {
    vec!["bash".to_string(), "-c".to_string(), command.to_string()]
}
