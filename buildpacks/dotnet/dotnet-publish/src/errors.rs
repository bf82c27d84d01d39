//! The errors this buildpack reports, beyond the kit's and the .NET family's.

use std::path::Path;
use stowage_dotnet::{PROJECT_PATH, PUBLISH_FLAGS};
use stowage_kit::Error;

pub(crate) const PUBLISH_FAILED: &str = "dotnet-publish/publish-failed";

pub(crate) fn publish_failed_advice() -> String {
    "`dotnet publish` failed: its last lines are above. Build the project the same way \
     locally (`dotnet publish -c Release -r linux-x64 --self-contained false`) to see the \
     whole error; a private package source goes in a nuget.config beside the project."
        .to_string()
}

pub(crate) fn no_project_file(project_path: &str) -> Error {
    let folder = if project_path.is_empty() {
        "the app's root".to_string()
    } else {
        format!("`{project_path}`")
    };
    Error::new(
        "dotnet-publish/no-project-file",
        format!("There is no *.csproj, *.fsproj or *.vbproj in {folder}"),
        format!(
            "dotnet-publish builds the project file in the folder {PROJECT_PATH} names (the \
             app's root by default). Point {PROJECT_PATH} at the folder holding it."
        ),
    )
    .variable(PROJECT_PATH)
}

pub(crate) fn no_target_framework(file: &str) -> Error {
    Error::new(
        "dotnet-publish/no-target-framework",
        format!("{file} names no runtime: no TargetFramework or RuntimeFrameworkVersion"),
        "The SDK is chosen for the project's runtime line: set <TargetFramework> (for example \
         net8.0) in the project file or in a Directory.Build.props above it. \
         <TargetFrameworks> (several) is not read.",
    )
    .file(file)
}

pub(crate) fn bad_flags(reason: &str) -> Error {
    Error::new(
        "dotnet-publish/bad-publish-flags",
        format!("{PUBLISH_FLAGS} cannot be split into arguments: {reason}"),
        "Write the flags as you would on a shell's command line, quoting words with spaces.",
    )
    .variable(PUBLISH_FLAGS)
}

pub(crate) fn no_output(dir: &Path) -> Error {
    Error::new(
        "dotnet-publish/no-output",
        format!("`dotnet publish` wrote nothing to {}", dir.display()),
        format!(
            "The published app should be there. If {PUBLISH_FLAGS} sets --output, check the \
             folder it names."
        ),
    )
    .variable(PUBLISH_FLAGS)
}

pub(crate) fn no_scratch(dir: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "dotnet-publish/no-scratch-folder",
        format!(
            "No folder for the publish output can be made in {}",
            dir.display()
        ),
        "The build image's temporary folder must be writable by the build user (or set TMPDIR \
         to one that is).",
    )
    .debug(error)
}

pub(crate) fn unreadable_output(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "dotnet-publish/unreadable-output",
        format!("{} of the published app cannot be read", path.display()),
        "Check the file's permissions in the publish output.",
    )
    .debug(error)
}

pub(crate) fn bad_deps_json(file: &Path, reason: &str) -> Error {
    Error::new(
        "dotnet-publish/bad-deps-json",
        format!("The published {} cannot be read for the SBOM", file.display()),
        format!("It is not the JSON `dotnet publish` writes ({reason}). Set BP_DISABLE_SBOM=true to build without the SBOM."),
    )
    .file(file.display().to_string())
}

pub(crate) fn replace_failed(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "dotnet-publish/replace-failed",
        format!(
            "The source could not be replaced with the published app at {}",
            path.display()
        ),
        "The build user must be able to remove the app's files: check their ownership.",
    )
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let all = [
            no_project_file(""),
            no_project_file("src/Web"),
            no_target_framework("Web.csproj"),
            bad_flags("a quote (\") is not closed"),
            no_output(Path::new("/workspace/pub")),
            no_scratch(Path::new("/tmp"), &io),
            unreadable_output(Path::new("Web.deps.json"), &io),
            bad_deps_json(
                Path::new("Web.deps.json"),
                "expected value at line 1 column 1",
            ),
            replace_failed(Path::new("/workspace/obj"), &io),
        ];
        let text: Vec<String> = all.iter().map(Error::render).collect();
        insta::assert_snapshot!(text.join("\n"));
    }
}
