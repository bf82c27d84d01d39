//! The errors of reading the app's .NET files and rolling versions forward.

use crate::DotnetConstraint;
use crate::roll_forward::RollForward;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::inventory::Target;

pub(crate) fn invalid_constraint(text: &str) -> Error {
    Error::new(
        "dotnet/invalid-version",
        format!("`{text}` is not a valid .NET version or range"),
        "Use a version or a range, for example:\n  8.0.20        exactly this version\n  \
         8.0 or 8.0.*  the newest 8.0.x\n  >=8.0.20 <9   a range",
    )
}

pub(crate) fn unknown_roll_forward(text: &str) -> Error {
    let hint = if text == "disable" {
        "\n\n`disable` (Microsoft's spelling) is not supported: use `disabled` to get exactly \
         the version in sdk.version."
    } else {
        ""
    };
    Error::new(
        "dotnet/unknown-roll-forward",
        format!("global.json asks for the SDK roll-forward policy `{text}`, which is unknown"),
        format!(
            "Set sdk.rollForward to one of: {}, or remove it to get `patch`.{hint}",
            RollForward::NAMES.join(", ")
        ),
    )
    .file("global.json")
}

pub(crate) fn no_version_in_ranges(
    name: &str,
    ranges: &[DotnetConstraint],
    available: &[String],
    target: &Target,
) -> Error {
    let tried: Vec<String> = ranges.iter().map(|range| format!("  {range}")).collect();
    let listed: Vec<String> = available.iter().map(|v| format!("  {v}")).collect();
    Error::new(
        "dotnet/no-matching-version",
        format!("No {name} version matches what the app asks for"),
        format!(
            "Rolling forward, these ranges were tried in order:\n{}\n\nVersions available for \
             {target}, newest first:\n{}\n\nAsk for one of these, or allow it to roll forward \
             further.",
            tried.join("\n"),
            listed.join("\n")
        ),
    )
}

pub(crate) fn unreadable(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "dotnet/unreadable-file",
        format!("{} cannot be read", file.display()),
        "Check that the file is readable and is not a broken symlink.",
    )
    .file(file)
    .debug(error)
}

pub(crate) fn not_json(file: &Path, error: &serde_json::Error) -> Error {
    Error::new(
        "dotnet/invalid-json",
        format!("{} is not valid JSON", file.display()),
        format!(
            "Fix the problem at line {}, column {} ({error}) and build again.",
            error.line(),
            error.column()
        ),
    )
    .file(file)
}

pub(crate) fn wrong_field(file: &Path, field: &str, expected: &str) -> Error {
    Error::new(
        "dotnet/invalid-field",
        format!("{} has a field of the wrong type", file.display()),
        format!("`{field}` must be {expected}. Fix it and build again."),
    )
    .file(file)
}

pub(crate) fn invalid_sdk_version(file: &Path, text: &str) -> Error {
    Error::new(
        "dotnet/invalid-sdk-version",
        format!(
            "{} asks for the SDK `{text}`, which is not a version",
            file.display()
        ),
        "sdk.version must be a full SDK version such as `8.0.424` (major.minor.patch). Fix it \
         and build again.",
    )
    .file(file)
}

pub(crate) fn several_runtime_configs(names: &[String]) -> Error {
    Error::new(
        "dotnet/several-runtimeconfigs",
        format!(
            "The app has {} *.runtimeconfig.json files, not one",
            names.len()
        ),
        format!(
            "Found: {}. A published .NET app has exactly one; remove the others (or build \
             from the project instead).",
            names.join(", ")
        ),
    )
}

pub(crate) fn invalid_xml(file: &Path, line: usize, problem: &dyn std::fmt::Display) -> Error {
    Error::new(
        "dotnet/invalid-project-file",
        format!("{} is not well-formed XML", file.display()),
        format!(
            "Fix the problem at line {line} ({problem}) and build again (`dotnet build` shows \
             the same problem)."
        ),
    )
    .file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let io = std::io::Error::other("permission denied");
        let json = serde_json::from_str::<serde_json::Value>("{,").expect_err("bad");
        let all = [
            invalid_constraint("eight"),
            unreadable(Path::new("global.json"), &io),
            not_json(Path::new("App.runtimeconfig.json"), &json),
            wrong_field(Path::new("global.json"), "sdk.version", "a string"),
            invalid_sdk_version(Path::new("global.json"), "8.0"),
            several_runtime_configs(&[
                "A.runtimeconfig.json".into(),
                "B.runtimeconfig.json".into(),
            ]),
            invalid_xml(
                Path::new("app.csproj"),
                4,
                &"`<PropertyGroup>` is never closed",
            ),
        ];
        let text: Vec<String> = all.iter().map(Error::render).collect();
        insta::assert_snapshot!(text.join("\n"));
    }
}
