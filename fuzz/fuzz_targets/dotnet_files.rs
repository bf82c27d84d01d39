//! The files the .NET buildpacks read: global.json (with its rollForward policy and the SDK
//! ranges it gives), *.runtimeconfig.json (and the runtime ranges of its framework), and a
//! project file with Directory.Build.props above it.
//! Input: global.json, NUL, runtimeconfig.json, NUL, app.csproj, NUL, Directory.Build.props.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_dotnet::{GlobalJson, ProjectFile, RuntimeConfig, runtime_ranges};
use stowage_fuzz::{parts, project_with};
use stowage_kit::version::VersionConstraint;

fuzz_target!(|data: &[u8]| {
    let files = parts(data, 4);
    let root = project_with(
        "dotnet",
        &[
            ("global.json", files[0]),
            ("src/app.runtimeconfig.json", files[1]),
            ("src/app.csproj", files[2]),
            ("Directory.Build.props", files[3]),
        ],
    );
    let runtime = semver::Version::new(3, 1, 23);
    if let Ok(Some(global)) = GlobalJson::find(&root) {
        for range in global.roll_forward.sdk_ranges(&global.version) {
            let _ = range.matches(&runtime);
        }
    }
    let project = root.join("src");
    let _ = RuntimeConfig::find_in_detect(&project);
    if let Ok(Some(config)) = RuntimeConfig::find(&project) {
        if let Some(framework) = config.framework {
            let _ = framework.is_aspnet();
            for roll_forward in [true, false] {
                if let Ok(ranges) = runtime_ranges(&framework.version, roll_forward) {
                    let _ = ranges.iter().any(|range| range.matches(&runtime));
                }
            }
        }
    }
    if let Ok(Some(file)) = ProjectFile::find(&project, &root) {
        if let Some(version) = file.runtime_version {
            let _ = runtime_ranges(&version, true);
        }
    }
});
