//! Test support for the npm buildpacks (npm-install, node-run-script and npm-start include it
//! with `#[path]`): a real Node.js from the test artifacts, unpacked once and put on PATH with
//! the env node-engine's layer gives later buildpacks, fixtures, and logs made stable.
#![allow(dead_code)] // each test binary uses a different part of this module

use integration_tests::direct::Workspace;
use integration_tests::node_artifacts::node_bin;
use std::path::Path;
use std::process::Command;

/// What the lifecycle gives a buildpack after node-engine: node and npm first on PATH, and
/// the layer's env (`NODE_OPTIONS=--use-openssl-ca` makes node trust the system CAs, through
/// which this machine reaches the npm registry).
pub(crate) fn with_node(workspace: &Workspace, version: &str) {
    let bin = node_bin(version);
    workspace.prepend_path(&bin);
    workspace.build_env(
        "NODE_HOME",
        &bin.parent().expect("node home").display().to_string(),
    );
    workspace.build_env("NODE_ENV", "production");
    workspace.build_env("NODE_OPTIONS", "--use-openssl-ca");
}

/// The buildpack plan entries of `node_modules` requirements.
pub(crate) fn modules_plan(build: bool, launch: bool) -> String {
    format!(
        "[[entries]]\nname = \"node_modules\"\n[entries.metadata]\nbuild = {build}\nlaunch = {launch}\n"
    )
}

/// The log without temp paths, timings and npm's debug log names, for snapshots.
pub(crate) fn stable_log(log: &str, workspace: &Workspace) -> String {
    let log = log.replace(&workspace.root.path().display().to_string(), "<workspace>");
    let log = regex::Regex::new(r"/\S*/stowage-home-\d+-\d+")
        .expect("regex")
        .replace_all(&log, "<private home>");
    let log = regex::Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}_\d{2}_\d{2}_\d{3}Z-debug-\d+\.log")
        .expect("regex")
        .replace_all(&log, "<debug-log>");
    let log = regex::Regex::new(r"Node\.js v\d+\.\d+\.\d+, npm \d+\.\d+\.\d+")
        .expect("regex")
        .replace_all(&log, "Node.js <node version>, npm <npm version>");
    let log = regex::Regex::new(r"\d+(\.\d+)?(ms|s)\b")
        .expect("regex")
        .replace_all(&log, "<time>");
    log.into_owned()
}

/// An error as printed, split into the message and its Detail lines (the tool's last output
/// lines, whose stdout and stderr interleave differently from run to run).
pub(crate) fn message_and_detail(stderr: &str) -> (String, String) {
    match stderr.split_once("!   Detail:\n") {
        Some((message, detail)) => (message.to_string(), detail.to_string()),
        None => (stderr.to_string(), String::new()),
    }
}

/// Runs `node <args>` from the test artifacts in `dir`, returning stdout.
pub(crate) fn node(version: &str, dir: &Path, args: &[&str]) -> String {
    let output = Command::new(node_bin(version).join("node"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "node {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}
