//! Build as the lifecycle runs it, from file:// artifacts: installed files, env, SBOMs,
//! reuse and replacement on rebuild, and failures that leave no layer.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use std::path::Path;
use support::{DEPRECATED, fixture, plan, stable_log};

fn read(path: &Path) -> String {
    fs_err::read_to_string(path).expect("read")
}

#[test]
fn installs_the_resolved_version_with_env_and_sboms() {
    let fixture = fixture(None);
    let workspace = &fixture.workspace;
    workspace.app_file("package.json", r#"{"engines":{"node":"~22.11"}}"#);
    let output = workspace.build(&plan(Some(("~22.11", "package.json"))));
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(stable_log(&output.log(), &fixture));

    let layers = workspace.buildpack_layers();
    let node = layers.join("node");
    let version = std::process::Command::new(node.join("bin/node"))
        .output()
        .expect("run node");
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), "v22.11.0");
    assert_eq!(
        fs_err::read_link(node.join("bin/npm")).expect("npm symlink"),
        Path::new("../lib/node_modules/npm/bin/npm-cli.js")
    );

    let layer_toml: toml::Table = read(&layers.join("node.toml")).parse().expect("toml");
    assert_eq!(layer_toml["types"]["launch"].as_bool(), Some(true));
    assert_eq!(layer_toml["types"]["build"].as_bool(), Some(true));
    assert_eq!(layer_toml["types"]["cache"].as_bool(), Some(true));
    let sha256 = integration_tests::artifact::sha256_hex(
        &fixture
            .artifacts
            .path()
            .join("node-v22.11.0-linux-x64.tar.gz"),
    );
    assert_eq!(
        layer_toml["metadata"]["checksum"].as_str(),
        Some(format!("sha256:{sha256}").as_str())
    );
    assert_eq!(layer_toml["metadata"]["version"].as_str(), Some("22.11.0"));

    let env = node.join("env");
    assert_eq!(
        read(&env.join("NODE_HOME.override")),
        node.display().to_string()
    );
    assert_eq!(read(&env.join("NODE_ENV.default")), "production");
    assert_eq!(read(&env.join("NODE_OPTIONS.default")), "--use-openssl-ca");

    let cdx: serde_json::Value =
        serde_json::from_str(&read(&layers.join("node.sbom.cdx.json"))).expect("json");
    let component = &cdx["components"][0];
    assert_eq!(component["version"], "22.11.0");
    assert_eq!(component["hashes"][0]["content"], sha256.as_str());
    let spdx: serde_json::Value =
        serde_json::from_str(&read(&layers.join("node.sbom.spdx.json"))).expect("json");
    assert_eq!(spdx["packages"][0]["versionInfo"], "22.11.0");
    assert_eq!(
        spdx["packages"][0]["checksums"][0]["checksumValue"],
        sha256.as_str()
    );
    let syft: serde_json::Value =
        serde_json::from_str(&read(&layers.join("node.sbom.syft.json"))).expect("json");
    assert_eq!(syft["artifacts"][0]["version"], "22.11.0");
}

#[test]
fn uses_the_default_version_when_nothing_is_requested() {
    let fixture = fixture(None);
    let output = fixture.workspace.build(&plan(None));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stdout
            .contains("No version requested; using the default \"22.*.*\""),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("Selected Node.js 22.12.0 (from default)"),
        "{}",
        output.stdout
    );
}

#[test]
fn bp_node_version_beats_package_json() {
    let fixture = fixture(None);
    let mut plan = plan(Some(("^22", "package.json")));
    plan.push_str("\n[[entries]]\nname = \"node\"\n[entries.metadata]\nversion = \"20\"\nversion-source = \"BP_NODE_VERSION\"\n");
    let output = fixture.workspace.build(&plan);
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stdout
            .contains("Selected Node.js 20.19.0 (from BP_NODE_VERSION)"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_rebuild_reuses_an_unchanged_layer_and_replaces_a_changed_one() {
    let fixture = fixture(None);
    let workspace = &fixture.workspace;
    let first = workspace.build(&plan(Some(("22.11.0", "BP_NODE_VERSION"))));
    assert_eq!(first.code, Some(0), "{}", first.log());
    let marker = workspace.buildpack_layers().join("node/marker");
    fs_err::write(&marker, "from the first build").expect("write marker");

    let same = workspace.build(&plan(Some(("22.11.0", "BP_NODE_VERSION"))));
    assert_eq!(same.code, Some(0), "{}", same.log());
    assert!(
        same.stdout
            .contains("Reusing the cached layer: node 22.11.0 with checksum sha256:"),
        "{}",
        same.stdout
    );
    assert!(!same.stdout.contains("Downloading"), "{}", same.stdout);
    assert!(marker.exists(), "the reused layer keeps its files");

    let newer = workspace.build(&plan(Some(("22.12.0", "BP_NODE_VERSION"))));
    assert_eq!(newer.code, Some(0), "{}", newer.log());
    assert!(
        newer
            .stdout
            .contains("Installing into a new layer: node changed from 22.11.0 to 22.12.0"),
        "{}",
        newer.stdout
    );
    assert!(!marker.exists(), "a replaced layer starts empty");
}

#[test]
fn a_corrupted_artifact_fails_with_the_checksum_error_and_leaves_no_layer() {
    let fixture = fixture(Some("22.12.0"));
    let output = fixture.workspace.build(&plan(None));
    assert_ne!(output.code, Some(0));
    assert!(
        output.stderr.contains("[fetch/checksum-mismatch]"),
        "{}",
        output.log()
    );
    let layers = fixture.workspace.buildpack_layers();
    assert!(!layers.join("node").exists(), "no layer directory");
    assert!(!layers.join("node.toml").exists(), "no layer metadata");
    let leftovers: Vec<_> = fs_err::read_dir(&layers).expect("layers").collect();
    assert!(leftovers.is_empty(), "nothing else either: {leftovers:?}");
}

/// Detect passes a broken package.json on, so that its error is printed once, here.
#[test]
fn a_broken_package_json_fails_the_build_with_its_error_and_leaves_no_layer() {
    let fixture = fixture(None);
    let workspace = &fixture.workspace;
    workspace.app_file("package.json", "{\n  \"name\": \"a\",\n}\n");
    let output = workspace.build(&plan(None));
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.stderr, &fixture));
    let leftovers: Vec<_> = fs_err::read_dir(workspace.buildpack_layers())
        .expect("layers")
        .collect();
    assert!(leftovers.is_empty(), "no layer: {leftovers:?}");
}

#[test]
fn a_version_nothing_satisfies_lists_the_available_versions() {
    let fixture = fixture(None);
    let output = fixture
        .workspace
        .build(&plan(Some(("^19", "BP_NODE_VERSION"))));
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.stderr, &fixture));
}

#[test]
fn an_invalid_range_names_its_file() {
    let fixture = fixture(None);
    let output = fixture
        .workspace
        .build(&plan(Some(("twenty-two", ".nvmrc"))));
    assert_ne!(output.code, Some(0));
    insta::assert_snapshot!(stable_log(&output.stderr, &fixture));
}

#[test]
fn optimize_memory_adds_the_exec_d_program() {
    let fixture = fixture(None);
    fixture
        .workspace
        .platform_env("BP_NODE_OPTIMIZE_MEMORY", "true");
    let output = fixture.workspace.build(&plan(None));
    assert_eq!(output.code, Some(0), "{}", output.log());
    let program = fixture
        .workspace
        .buildpack_layers()
        .join("node/exec.d/optimize-memory");
    assert!(program.is_file(), "{}", output.log());

    fixture
        .workspace
        .clear_platform_env("BP_NODE_OPTIMIZE_MEMORY");
    let output = fixture.workspace.build(&plan(None));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        !program.exists(),
        "turning the option off removes the program"
    );
}

#[test]
fn sboms_can_be_turned_off() {
    let fixture = fixture(None);
    fixture.workspace.platform_env("BP_DISABLE_SBOM", "true");
    let output = fixture.workspace.build(&plan(None));
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        !fixture
            .workspace
            .buildpack_layers()
            .join("node.sbom.cdx.json")
            .exists()
    );
}

#[test]
fn a_deprecated_version_installs_with_a_warning_that_says_what_to_do() {
    let fixture = fixture(None);
    let output = fixture
        .workspace
        .build(&plan(Some((DEPRECATED, "BP_NODE_VERSION"))));
    assert_eq!(output.code, Some(0), "{}", output.log());
    let warning = output
        .stdout
        .split("\n\n")
        .find(|block| block.contains("WARNING"))
        .unwrap_or_else(|| panic!("no warning in the log:\n{}", output.stdout));
    insta::assert_snapshot!(warning);
}
