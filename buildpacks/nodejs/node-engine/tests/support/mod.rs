//! node-engine packaged with a test inventory of stand-in Node.js tarballs served from file://.
#![allow(dead_code)] // each test binary uses a different part of this module

use integration_tests::artifact::fake_node;
use integration_tests::direct::Workspace;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

pub(crate) const VERSIONS: [&str; 3] = ["20.19.0", "22.11.0", "22.12.0"];

pub(crate) struct Fixture {
    pub workspace: Workspace,
    pub artifacts: tempfile::TempDir,
}

/// `corrupt` names a version whose recorded checksum does not match its tarball.
pub(crate) fn fixture(corrupt: Option<&str>) -> Fixture {
    let artifacts = tempfile::tempdir().expect("temp dir");
    let mut inventory = String::from("[default-versions]\nnode = \"22.*.*\"\n");
    for version in VERSIONS {
        let (path, mut sha256) = fake_node(artifacts.path(), version);
        if corrupt == Some(version) {
            sha256 = "0".repeat(64);
        }
        inventory.push_str(&entry(version, &path, &sha256, "amd64"));
    }
    // An arm64-only version must never be picked on amd64.
    inventory.push_str(&entry(
        "23.0.0",
        &artifacts.path().join("missing.tar.gz"),
        &"1".repeat(64),
        "arm64",
    ));
    let workspace = integration_tests::workspace!(
        "node-engine",
        BTreeMap::from([(
            "node".to_string(),
            inventory.parse().expect("inventory TOML"),
        )])
    );
    Fixture {
        workspace,
        artifacts,
    }
}

/// Node 20 in this inventory is past its end of life.
pub(crate) const DEPRECATED: &str = "20.19.0";

fn entry(version: &str, path: &Path, sha256: &str, arch: &str) -> String {
    let deprecation = if version == DEPRECATED {
        "deprecation_date = \"2020-04-30T00:00:00Z\"\n"
    } else {
        ""
    };
    format!(
        r#"
[[dependencies]]
id = "node"
name = "Node Engine"
version = "{version}"
uri = "file://{path}"
checksum = "sha256:{sha256}"
os = "linux"
arch = "{arch}"
stacks = ["*"]
strip-components = 1
cpe = "cpe:2.3:a:nodejs:node.js:{version}:*:*:*:*:*:*:*"
purl = "pkg:generic/node@v{version}?checksum={sha256}"
licenses = ["MIT"]
{deprecation}"#,
        path = path.display()
    )
}

/// The buildpack plan a `node-start`-like buildpack produces, plus node-engine's own request.
pub(crate) fn plan(version: Option<(&str, &str)>) -> String {
    let mut plan = String::from(
        "[[entries]]\nname = \"node\"\n[entries.metadata]\nlaunch = true\nbuild = true\n",
    );
    if let Some((version, source)) = version {
        let _ = write!(
            plan,
            "\n[[entries]]\nname = \"node\"\n[entries.metadata]\nversion = \"{version}\"\nversion-source = \"{source}\"\n"
        );
    }
    plan
}

/// The log without temp paths and timings, for snapshots.
pub(crate) fn stable_log(log: &str, fixture: &Fixture) -> String {
    let log = log
        .replace(
            &fixture.artifacts.path().display().to_string(),
            "<artifacts>",
        )
        .replace(
            &fixture.workspace.root.path().display().to_string(),
            "<workspace>",
        );
    let timings = regex::Regex::new(r"\d+(\.\d+)?(ms|s)\b").expect("regex");
    timings.replace_all(&log, "<time>").into_owned()
}
