//! The procfile buildpack packaged for a test, and readers for what its build wrote.
#![allow(dead_code)] // each test binary uses a different part of this module

use integration_tests::direct::Workspace;

pub(crate) fn workspace() -> Workspace {
    integration_tests::workspace!("procfile")
}

/// `launch.toml` as the build wrote it into the buildpack's layers dir.
pub(crate) fn launch_toml(workspace: &Workspace) -> toml::Table {
    let path = workspace.buildpack_layers().join("launch.toml");
    fs_err::read_to_string(path)
        .expect("launch.toml")
        .parse()
        .expect("launch.toml is TOML")
}

/// (type, command, default) of each process, in order.
pub(crate) fn processes(workspace: &Workspace) -> Vec<(String, Vec<String>, bool)> {
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

pub(crate) fn bash(command: &str) -> Vec<String> {
    vec!["bash".to_string(), "-c".to_string(), command.to_string()]
}
