//! dotnet-publish run as the lifecycle runs it, with a `dotnet` on `PATH` that this test
//! writes: a script recording its arguments and `NUGET_PACKAGES` and writing a publish output
//! (`Web.dll`, a runtimeconfig, a deps.json with `NuGet` packages). No .NET SDK is reachable from
//! this machine, so this is the only way `dotnet publish` is exercised here.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const PROJECT: &str = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    \
                       <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n";

/// `dotnet`: records `$@` (one per line) and `NUGET_PACKAGES` beside itself, fails when the
/// app has `fail-publish`, else writes Web.* into the folder after `--output`.
const FAKE_DOTNET: &str = r#"#!/bin/sh
here="$(dirname "$0")"
printf '%s\n' "$@" >"$here/arguments"
printf '%s' "$NUGET_PACKAGES" >"$here/nuget-packages"
pwd >"$here/cwd"
if [ -e fail-publish ]; then
  echo "  Determining projects to restore..."
  echo "/workspace/src/Web/Program.cs(3,1): error CS0103: The name 'Foo' does not exist in the current context" >&2
  exit 1
fi
out=""
while [ $# -gt 0 ]; do
  case "$1" in --output) out="$2"; shift ;; esac
  shift
done
mkdir -p "$out/wwwroot" "$NUGET_PACKAGES/serilog/3.1.1"
echo MZ >"$out/Web.dll"
echo '{"runtimeOptions":{"framework":{"name":"Microsoft.AspNetCore.App","version":"8.0.0"}}}' >"$out/Web.runtimeconfig.json"
echo '{"libraries":{"Web/1.0.0":{"type":"project"},"Serilog/3.1.1":{"type":"package","sha512":"sha512-x"}}}' >"$out/Web.deps.json"
echo 'body{}' >"$out/wwwroot/site.css"
echo "  Web -> $out/"
"#;

fn workspace() -> (Workspace, tempfile::TempDir) {
    let workspace = integration_tests::workspace!("dotnet-publish");
    let tools = tempfile::tempdir().expect("dir");
    let dotnet = tools.path().join("dotnet");
    fs_err::write(&dotnet, FAKE_DOTNET).expect("write");
    fs_err::set_permissions(&dotnet, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    workspace.prepend_path(tools.path());
    workspace.app_file("src/Web/Web.csproj", PROJECT);
    workspace.app_file("src/Web/Program.cs", "// source");
    workspace.app_file(".gitignore", "bin/");
    (workspace, tools)
}

fn read(path: &Path) -> String {
    fs_err::read_to_string(path).expect("read")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_project_under_the_project_path_is_published_and_replaces_the_source() {
    let (workspace, tools) = workspace();
    workspace.platform_env("BP_DOTNET_PROJECT_PATH", "src/Web");
    workspace.platform_env(
        "BP_DOTNET_PUBLISH_FLAGS",
        "--verbosity minimal '-p:InformationalVersion=$VERSION' -c Staging",
    );
    workspace.build_env("VERSION", "1.2.3");

    let (detect, plan) = workspace.detect();
    assert_eq!(detect.code, Some(0), "{}", detect.log());
    let plan = toml::to_string(&plan).expect("plan");
    for part in [
        "name = \"dotnet-application\"",
        "name = \"dotnet-sdk\"",
        "version = \"8.0.*\"",
        "version-source = \"Web.csproj\"",
        "name = \"icu\"",
    ] {
        assert!(plan.contains(part), "{part} in {plan}");
    }

    let build = workspace.build_ok("");
    let app = &workspace.app_dir;
    let arguments = read(&tools.path().join("arguments"));
    let arguments: Vec<&str> = arguments.lines().collect();
    let scratch_output = arguments
        .iter()
        .position(|word| *word == "--output")
        .map(|at| arguments[at + 1])
        .expect("--output");
    assert_eq!(
        arguments,
        [
            "publish",
            &format!("{}/src/Web", app.display()),
            "--runtime",
            "linux-x64",
            "--self-contained",
            "false",
            "--output",
            scratch_output,
            "--verbosity",
            "minimal",
            // Expanded after splitting: single quotes do not stop it.
            "-p:InformationalVersion=1.2.3",
            "-c",
            "Staging",
        ]
    );
    assert_eq!(
        read(&tools.path().join("cwd")).trim(),
        app.display().to_string()
    );
    let nuget = workspace.buildpack_layers().join("nuget-cache");
    assert_eq!(
        read(&tools.path().join("nuget-packages")),
        nuget.display().to_string()
    );
    assert!(nuget.join("serilog/3.1.1").is_dir());
    let nuget_toml = read(&workspace.buildpack_layers().join("nuget-cache.toml"));
    assert!(
        nuget_toml.contains("cache = true") && nuget_toml.contains("launch = false"),
        "{nuget_toml}"
    );

    assert_eq!(
        names(app),
        [
            "Web.deps.json",
            "Web.dll",
            "Web.runtimeconfig.json",
            "wwwroot"
        ]
    );
    assert_eq!(read(&app.join("wwwroot/site.css")).trim(), "body{}");
    assert!(
        !Path::new(scratch_output).exists(),
        "the scratch output is gone"
    );
    let sbom = read(&workspace.buildpack_layers().join("launch.sbom.cdx.json"));
    assert!(sbom.contains("pkg:nuget/Serilog@3.1.1"), "{sbom}");
    assert!(
        !sbom.contains("\"Web\""),
        "projects are not packages: {sbom}"
    );
    for line in [
        "Starting an empty cache",
        "SBOM: 1 NuGet package in the published *.deps.json",
        "The app is now the published output (4 entries); the source is removed",
    ] {
        assert!(build.stdout.contains(line), "{line} in:\n{}", build.stdout);
    }

    // The next build restores the NuGet cache.
    workspace.app_file("src/Web/Web.csproj", PROJECT);
    let again = workspace.build_ok("");
    assert!(
        again
            .stdout
            .contains("Restored from the cache: the NuGet packages of the last build are restored"),
        "{}",
        again.stdout
    );
}

#[test]
fn without_a_project_file_detect_fails() {
    let (workspace, _tools) = workspace();
    let (detect, _) = workspace.detect();
    assert_eq!(
        detect.code,
        Some(100),
        "the project is under src/Web: {}",
        detect.log()
    );
}

fn fails(workspace: &Workspace) -> String {
    let output = workspace.build("");
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        workspace.app_dir.join(".gitignore").is_file(),
        "the source is left as it was"
    );
    output.error_head()
}

#[test]
fn a_failing_publish_shows_its_output() {
    let (workspace, _tools) = workspace();
    workspace.platform_env("BP_DOTNET_PROJECT_PATH", "src/Web");
    workspace.app_file("fail-publish", "");
    let output = workspace.build("");
    let head = fails(&workspace);
    // The scratch output folder's name is random.
    let scratch = head
        .split("--output ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .expect("--output in the command")
        .to_string();
    let app = workspace.app_dir.display().to_string();
    insta::assert_snapshot!(
        head.replace(&app, "<app>")
            .replace(&scratch, "<scratch>/output")
    );
    let detail = output.error_detail();
    for line in [
        "Determining projects to restore...",
        "error CS0103: The name 'Foo' does not exist",
    ] {
        assert!(detail.contains(line), "the error repeats {line}:\n{detail}");
    }
}

#[test]
fn no_project_file_at_build_names_the_variable() {
    let (workspace, _tools) = workspace();
    workspace.platform_env("BP_DOTNET_PROJECT_PATH", "src/Api");
    insta::assert_snapshot!(fails(&workspace));
}

#[test]
fn unsplittable_flags_fail() {
    let (workspace, _tools) = workspace();
    workspace.platform_env("BP_DOTNET_PROJECT_PATH", "src/Web");
    workspace.platform_env("BP_DOTNET_PUBLISH_FLAGS", "--verbosity 'minimal");
    insta::assert_snapshot!(fails(&workspace));
}
