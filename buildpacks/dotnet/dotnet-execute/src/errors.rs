//! The errors this buildpack reports, beyond the .NET family's.

use stowage_kit::Error;

pub(crate) fn no_runtime_config() -> Error {
    Error::new(
        "dotnet-execute/no-runtimeconfig",
        "The app has no *.runtimeconfig.json",
        "dotnet-execute starts a published .NET app, which has an <App>.runtimeconfig.json \
         beside its <App>.dll. Publish the app (`dotnet publish`) and build its output, or \
         build the project with an SDK in the group (dotnet-publish).",
    )
}

pub(crate) fn no_entry_point(app: &str) -> Error {
    Error::new(
        "dotnet-execute/no-entry-point",
        format!(
            "The app has {app}.runtimeconfig.json but neither {app}.dll nor an executable {app}"
        ),
        format!(
            "A framework-dependent app starts as `dotnet {app}.dll`, an executable or \
             self-contained app as `./{app}`. Add the file `dotnet publish` wrote beside the \
             runtimeconfig.json."
        ),
    )
    .file(format!("{app}.runtimeconfig.json"))
}

pub(crate) fn bad_process_name(app: &str) -> Error {
    Error::new(
        "dotnet-execute/bad-process-name",
        format!("`{app}` cannot name a process type"),
        "The process is named after the app (its runtimeconfig.json's name): use letters, \
         digits, `.`, `_` and `-` only.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let all = [
            no_runtime_config(),
            no_entry_point("App"),
            bad_process_name("my app"),
        ];
        let text: Vec<String> = all.iter().map(Error::render).collect();
        insta::assert_snapshot!(text.join("\n"));
    }
}
