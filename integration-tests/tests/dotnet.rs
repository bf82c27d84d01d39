//! The .NET family through the real lifecycle, with the .NET Core 3.1 runtime (repacked from
//! `PyPI`'s `dotnetcore2`) served by a loopback mirror: a framework-dependent app compiled with
//! mcs answers HTTP on $PORT and formats for de-DE with ICU (Debian's libicu72, repacked, from
//! the icu buildpack), and a runtimeconfig.json asking for a runtime nothing satisfies fails
//! with the runtime buildpack's error.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, test_env};
use integration_tests::mirror::Mirror;
use std::path::PathBuf;

fn artifacts_dir() -> PathBuf {
    PathBuf::from(test_env("STOWAGE_TEST_DOTNET_ARTIFACTS"))
}

fn icu_artifacts_dir() -> PathBuf {
    PathBuf::from(test_env("STOWAGE_TEST_ICU_ARTIFACTS"))
}

/// The app with the runtime's and ICU's inventories, each served by its mirror.
fn dotnet_app(fixture: &str, mirror: &Mirror, icu_mirror: &Mirror) -> App {
    let inventory =
        stowage_dev::inventory::dotnet::runtime_inventory_in(&artifacts_dir(), &mirror.url())
            .unwrap_or_else(|error| panic!("{error}"));
    let icu =
        stowage_dev::inventory::icu::icu_inventory_in(&icu_artifacts_dir(), &icu_mirror.url())
            .unwrap_or_else(|error| panic!("{error}"));
    App::new(fixture)
        .buildpacks(&["dotnet-core"])
        .inventory("aspnetcore-runtime", inventory)
        .inventory("icu", icu)
}

#[test]
fn a_framework_dependent_app_rolls_forward_to_3_1_and_answers_on_port() {
    let mirror = Mirror::start(artifacts_dir());
    let icu_mirror = Mirror::start(icu_artifacts_dir());
    let mut app = dotnet_app("dotnet-framework-dependent", &mirror, &icu_mirror);
    // The app compiled by `artifacts dotnet <App.cs>`, never checked in.
    fs_err::copy(
        artifacts_dir().join("App.dll"),
        app.app_dir().join("App.dll"),
    )
    .expect("copy App.dll");
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "App.runtimeconfig.json asks for \"3.1.0\"",
        "Selected .NET runtime 3.1.23 (from App.runtimeconfig.json)",
        "Selected ICU 72.1.0 (the newest for this stack)",
        "CLR_ICU_VERSION_OVERRIDE=72 unless set",
        "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 unless set",
        "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 unless set (the stack has no ICU",
        "App (framework-dependent): dotnet /workspace/App.dll",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    let sbom = image.read(
        "/layers/sbom/launch/stowage_dotnet-core-aspnet-runtime/dotnet-core-aspnet-runtime/sbom.cdx.json",
    );
    assert!(
        sbom.contains("dotnet-core-aspnet-runtime") && sbom.contains("3.1.23"),
        "the SBOM names the runtime and its version:\n{sbom}"
    );
    assert!(
        !image.exists("/layers/stowage_dotnet-core-sdk"),
        "no SDK in the image"
    );
    assert!(
        image.exists("/layers/stowage_icu/icu/lib/libicuuc.so.72"),
        "ICU in a launch layer"
    );

    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert!(body.contains("Hello from .NET 3.1.23"), "{body}");
    assert!(
        body.contains("(http://0.0.0.0:"),
        "port-chooser set ASPNETCORE_URLS: {body}"
    );
    // ICU's data, loaded from the icu layer: the invariant culture would say 1,234,567.89.
    let (status, body) = running.get("/culture");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert_eq!(
        body.trim(),
        "de-DE Deutsch (Deutschland): 1.234.567,89, Freitag, 1. März 2024",
        "{}",
        running.log()
    );
}

#[test]
fn a_runtime_nothing_satisfies_fails_naming_the_runtimeconfig() {
    let mirror = Mirror::start(artifacts_dir());
    let icu_mirror = Mirror::start(icu_artifacts_dir());
    let mut app = dotnet_app("dotnet-missing-runtime", &mirror, &icu_mirror);
    let build = app.build();
    build.assert_failure();
    let builder = build.phase("builder");
    for line in [
        "[dotnet/no-matching-version] No .NET Core Runtime version matches what the app asks for",
        ">=2.0.0 2.*",
        "3.1.23",
        "App.runtimeconfig.json",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    assert!(
        !build
            .layers_dir()
            .join("stowage_dotnet-core-aspnet-runtime/dotnet-core-aspnet-runtime")
            .exists(),
        "no half-written runtime layer"
    );
}

/// An app as source, with only its project file, takes the group that publishes it: the SDK,
/// ICU, dotnet-publish, the runtime it targets and dotnet-execute. Detection only: no .NET SDK
/// reaches this machine, so the build itself is run directly in the buildpacks' own tests.
#[test]
fn an_app_with_only_a_project_file_detects_the_publish_group() {
    let mirror = Mirror::start(artifacts_dir());
    let icu_mirror = Mirror::start(icu_artifacts_dir());
    let build = dotnet_app("dotnet-project-source", &mirror, &icu_mirror).detect();
    build.assert_success();
    let group: toml::Table = fs_err::read_to_string(build.layers_dir().join("group.toml"))
        .expect("group.toml")
        .parse()
        .expect("group.toml is TOML");
    let ids: Vec<&str> = group["group"]
        .as_array()
        .expect("group entries")
        .iter()
        .map(|entry| entry["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "stowage/ca-certificates",
            "stowage/dotnet-core-sdk",
            "stowage/icu",
            "stowage/dotnet-publish",
            "stowage/dotnet-core-aspnet-runtime",
            "stowage/dotnet-execute",
        ],
        "{}",
        build.phase("detector")
    );
}
