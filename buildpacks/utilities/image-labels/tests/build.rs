//! Build as the lifecycle runs it: `[[labels]]` in launch.toml, the log, and the errors.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::workspace;

fn labels(workspace: &integration_tests::direct::Workspace) -> Vec<(String, String)> {
    let launch: toml::Table =
        fs_err::read_to_string(workspace.buildpack_layers().join("launch.toml"))
            .expect("launch.toml")
            .parse()
            .expect("TOML");
    launch["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|label| {
            (
                label["key"].as_str().expect("key").to_string(),
                label["value"].as_str().expect("value").to_string(),
            )
        })
        .collect()
}

#[test]
fn writes_oci_and_listed_labels_into_launch_toml() {
    let workspace = workspace();
    workspace.platform_env("BP_OCI_SOURCE", "https://example.com/app.git");
    workspace.platform_env("BP_OCI_REF_NAME", "v1.2.3");
    workspace.platform_env("BP_OCI_VERSION", "1.2.3");
    workspace.platform_env(
        "BP_IMAGE_LABELS",
        r#"team=web description="The \"shop\" front end" owner='Jane Doe' org.opencontainers.image.version=1.2.4"#,
    );
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    let expected = [
        ("org.opencontainers.image.ref.name", "v1.2.3"),
        (
            "org.opencontainers.image.source",
            "https://example.com/app.git",
        ),
        ("org.opencontainers.image.version", "1.2.4"),
        ("team", "web"),
        ("description", r#"The "shop" front end"#),
        ("owner", "Jane Doe"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()));
    assert_eq!(labels(&workspace), expected);
}

#[test]
fn an_unknown_oci_variable_warns() {
    let workspace = workspace();
    workspace.platform_env("BP_OCI_AUTHOR", "Jane");
    workspace.platform_env("BP_OCI_AUTHORS", "Jane");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stdout
            .contains("WARNING [image-labels/unknown-oci-variable] BP_OCI_AUTHOR "),
        "{}",
        output.log()
    );
    assert_eq!(
        labels(&workspace),
        [(
            "org.opencontainers.image.authors".to_string(),
            "Jane".to_string()
        )]
    );
}

#[test]
fn a_malformed_list_fails_the_build_naming_the_item() {
    let workspace = workspace();
    workspace.platform_env("BP_IMAGE_LABELS", "team=web maintainer");
    let output = workspace.build("");
    assert_ne!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
}
