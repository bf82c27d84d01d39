//! Detection as the lifecycle runs it: always passes; requires `node` with each version source.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::fixture;

fn requires(plan: &toml::Table) -> Vec<(String, String)> {
    plan.get("requires")
        .and_then(toml::Value::as_array)
        .map(|requires| {
            requires
                .iter()
                .map(|require| {
                    let metadata = &require["metadata"];
                    (
                        metadata["version"].as_str().expect("version").to_string(),
                        metadata["version-source"]
                            .as_str()
                            .expect("source")
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn passes_without_a_version_source_and_provides_node_or_node_and_npm() {
    let fixture = fixture(None);
    fixture.workspace.app_file("server.js", "");
    let (output, plan) = fixture.workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(plan["provides"][0]["name"].as_str(), Some("node"));
    assert!(plan.get("requires").is_none(), "{plan}");
    let alternative = &plan["or"][0]["provides"];
    assert_eq!(alternative[0]["name"].as_str(), Some("node"));
    assert_eq!(alternative[1]["name"].as_str(), Some("npm"));
}

#[test]
fn requires_node_for_every_source_in_priority_order() {
    let fixture = fixture(None);
    let workspace = &fixture.workspace;
    workspace.app_file("package.json", r#"{"engines":{"node":"^22"}}"#);
    workspace.app_file(".nvmrc", "lts/iron\n");
    workspace.app_file(".node-version", "20.19.0\n");
    workspace.platform_env("BP_NODE_VERSION", "22.11.*");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    let expected = [
        ("22.11.*", "BP_NODE_VERSION"),
        ("^22", "package.json"),
        ("lts/iron", ".nvmrc"),
        ("20.19.0", ".node-version"),
    ]
    .map(|(version, source)| (version.to_string(), source.to_string()));
    assert_eq!(requires(&plan), expected);
    // The alternative that also provides npm carries the same requirements.
    let alternative = toml::Table::try_from(plan["or"][0].clone()).expect("table");
    assert_eq!(requires(&alternative), expected);
}

#[test]
fn reads_version_files_in_the_project_path() {
    let fixture = fixture(None);
    fixture.workspace.app_file("web/.nvmrc", "22\n");
    fixture
        .workspace
        .platform_env("BP_NODE_PROJECT_PATH", "web");
    let (output, plan) = fixture.workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(requires(&plan), [("22".to_string(), ".nvmrc".to_string())]);
}

/// Detect would print its error once per order group; build reports it once instead.
#[test]
fn a_broken_package_json_passes_detection_without_a_package_json_request() {
    let fixture = fixture(None);
    fixture.workspace.app_file("package.json", "{\"engines\": ");
    fixture.workspace.app_file(".nvmrc", "22");
    let (output, plan) = fixture.workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        !output.log().contains("invalid-package-json"),
        "{}",
        output.log()
    );
    assert_eq!(requires(&plan), [("22".to_string(), ".nvmrc".to_string())]);
}
