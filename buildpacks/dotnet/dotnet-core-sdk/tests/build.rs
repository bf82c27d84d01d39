//! dotnet-core-sdk run as the lifecycle runs it, against small archives in the layout of
//! Microsoft's `dotnet-sdk-<v>-linux-x64.tar.gz` (no top folder: `dotnet`, `sdk/<v>/`,
//! `shared/Microsoft.NETCore.App/<runtime>/`) served by a mirror: no .NET SDK is reachable
//! from this machine, so this is as far as the SDK is exercised.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::artifact::{Entry, tar_gz};
use integration_tests::direct::Workspace;
use integration_tests::mirror::Mirror;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

const PUBLISH_PLAN: &str = "[[entries]]\nname = \"dotnet-sdk\"\n[entries.metadata]\nbuild = true\n\
                            version = \"9.0.*\"\nversion-source = \"Web.csproj\"\n";

/// SDK archives of `versions` in `dir`, and their inventory served by `mirror`.
fn inventory(dir: &Path, mirror: &Mirror, versions: &[&str]) -> toml::Table {
    let mut text = String::from("[default-versions]\ndotnet-sdk = \"8.*\"\n");
    for version in versions {
        let name = format!("dotnet-sdk-{version}-linux-x64.tar.gz");
        let script = format!("#!/bin/sh\necho {version}\n");
        let sdk_path = format!("sdk/{version}/dotnet.dll");
        let (_, sha256) = tar_gz(
            dir,
            &name,
            &[
                Entry::File {
                    path: "dotnet",
                    content: script.as_bytes(),
                    mode: 0o755,
                },
                Entry::File {
                    path: &sdk_path,
                    content: b"MZ",
                    mode: 0o644,
                },
                Entry::File {
                    path: "shared/Microsoft.NETCore.App/9.0.8/System.Private.CoreLib.dll",
                    content: b"MZ",
                    mode: 0o644,
                },
            ],
        );
        let _ = write!(
            text,
            "[[dependencies]]\nid = \"dotnet-sdk\"\nname = \".NET Core SDK\"\nversion = \"{version}\"\n\
             uri = \"{}\"\nchecksum = \"sha256:{sha256}\"\nstacks = [\"*\"]\nos = \"linux\"\narch = \"amd64\"\n\
             purl = \"pkg:generic/dotnet-core-sdk@{version}\"\nlicenses = [\"MIT\"]\n",
            mirror.uri(&format!("/{name}"))
        );
    }
    text.parse().expect("inventory")
}

struct Setup {
    workspace: Workspace,
    _mirror: Mirror,
    _served: tempfile::TempDir,
}

fn setup() -> Setup {
    let served = tempfile::tempdir().expect("dir");
    let mirror = Mirror::start(served.path());
    let inventory = inventory(
        served.path(),
        &mirror,
        &["8.0.311", "8.0.424", "9.0.301", "9.0.317", "10.0.100"],
    );
    let workspace = integration_tests::workspace!(
        "dotnet-core-sdk",
        BTreeMap::from([("dotnet-sdk".to_string(), inventory)])
    );
    Setup {
        workspace,
        _mirror: mirror,
        _served: served,
    }
}

#[test]
fn global_json_rolls_forward_and_the_sdk_is_first_on_path_at_build() {
    let setup = setup();
    let workspace = &setup.workspace;
    workspace.app_file(
        "global.json",
        r#"{ "sdk": { "version": "8.0.320", /* comments are fine */ "rollForward": "feature" } }"#,
    );
    let (detect, plan) = workspace.detect();
    assert_eq!(detect.code, Some(0), "{}", detect.log());
    let plan = toml::to_string(&plan).expect("plan");
    for part in [
        "name = \"dotnet-sdk\"",
        "version = \"8.0.320\"",
        "roll-forward = \"feature\"",
        "version-source = \"global.json\"",
    ] {
        assert!(plan.contains(part), "{part} in {plan}");
    }

    let build = workspace.build_ok(PUBLISH_PLAN);
    for line in [
        "global.json asks for 8.0.320 with rollForward feature: \">=8.0.320 <8.0.400\", then \">=8.0.400 <8.0.500\"",
        "Selected .NET SDK 8.0.424 (from global.json)",
    ] {
        assert!(build.stdout.contains(line), "{line} in:\n{}", build.stdout);
    }
    let layer = workspace.buildpack_layers().join("dotnet-core-sdk");
    assert!(layer.join("dotnet").is_file());
    assert!(layer.join("sdk/8.0.424/dotnet.dll").is_file());
    assert_eq!(
        fs_err::read_to_string(layer.join("env.build/PATH.prepend")).expect("PATH"),
        layer.display().to_string()
    );
    let flags = fs_err::read_to_string(workspace.buildpack_layers().join("dotnet-core-sdk.toml"))
        .expect("layer toml");
    assert!(
        flags.contains("build = true") && flags.contains("launch = false"),
        "{flags}"
    );
    assert!(
        workspace
            .buildpack_layers()
            .join("dotnet-core-sdk.sbom.cdx.json")
            .is_file()
    );
}

#[test]
fn the_variable_wins_and_the_project_line_comes_after_global_json() {
    let setup = setup();
    let workspace = &setup.workspace;
    let build = workspace.build_ok(PUBLISH_PLAN);
    assert!(
        build
            .stdout
            .contains("Selected .NET SDK 9.0.317 (from Web.csproj)"),
        "{}",
        build.stdout
    );
    workspace.platform_env("BP_DOTNET_SDK_VERSION", "10.0.*");
    let build = workspace.build_ok(PUBLISH_PLAN);
    assert!(
        build
            .stdout
            .contains("Selected .NET SDK 10.0.100 (from BP_DOTNET_SDK_VERSION)"),
        "{}",
        build.stdout
    );
    assert!(
        build.stdout.contains("dotnet-core-sdk 8.0.424")
            || build.stdout.contains("changed from 9.0.317 to 10.0.100"),
        "the layer says why it was replaced:\n{}",
        build.stdout
    );
}

fn fails(workspace: &Workspace) -> String {
    let output = workspace.build(PUBLISH_PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        !workspace
            .buildpack_layers()
            .join("dotnet-core-sdk")
            .exists(),
        "no half-written layer"
    );
    output.error_head()
}

#[test]
fn a_bad_global_json_fails_naming_it() {
    let setup = setup();
    setup
        .workspace
        .app_file("global.json", "{ \"sdk\": { \"version\": 8 } }");
    insta::assert_snapshot!(fails(&setup.workspace));
}

#[test]
fn no_sdk_matching_global_json_fails_listing_what_there_is() {
    let setup = setup();
    setup
        .workspace
        .app_file("global.json", r#"{"sdk": {"version": "9.0.318"}}"#);
    insta::assert_snapshot!(fails(&setup.workspace));
}

#[test]
fn disable_is_not_a_policy_paketo_knows() {
    let setup = setup();
    setup.workspace.app_file(
        "global.json",
        r#"{"sdk": {"version": "9.0.300", "rollForward": "disable"}}"#,
    );
    insta::assert_snapshot!(fails(&setup.workspace));
}
