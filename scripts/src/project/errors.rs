//! What a project descriptor can get wrong, each said with what to do next and the file.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn not_found(given: &Path, app: &Path) -> Error {
    Error::new(
        "project-descriptor/not-found",
        format!("The project descriptor {} does not exist", given.display()),
        format!(
            "--descriptor takes a TOML file: an absolute path, or one relative to the app \
             folder ({}) or to the current folder.",
            app.display()
        ),
    )
    .file(given)
}

pub(crate) fn unreadable(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "project-descriptor/unreadable",
        format!("The project descriptor {} cannot be read", path.display()),
        "Check that the file exists and is readable.",
    )
    .file(path)
    .debug(error)
}

pub(crate) fn malformed(path: &Path, error: &toml::de::Error) -> Error {
    Error::new(
        "project-descriptor/malformed",
        format!("{} is not a valid project descriptor", file_name(path)),
        "Fix the TOML the detail points at. Schema 0.2 keeps build settings under \
         [io.buildpacks] ([[io.buildpacks.build.env]] with name and value, include or \
         exclude, [[io.buildpacks.group]] with id or uri); schema 0.1 under [build].",
    )
    .file(path)
    .debug(error.to_string().trim_end())
}

pub(crate) fn unknown_schema(path: &Path, version: &str) -> Error {
    Error::new(
        "project-descriptor/unknown-schema-version",
        format!(
            "{} declares schema-version \"{version}\", which is not a project descriptor schema",
            file_name(path)
        ),
        "Set [_] schema-version = \"0.2\" (or \"0.1\", or leave it out for 0.1), as pack \
         reads them.",
    )
    .file(path)
}

pub(crate) fn include_and_exclude(path: &Path, schema: &str) -> Error {
    let table = if schema == "0.2" {
        "[io.buildpacks]"
    } else {
        "[build]"
    };
    Error::new(
        "project-descriptor/include-and-exclude",
        format!("{} sets both include and exclude", file_name(path)),
        format!(
            "Keep one of them in {table}: include lists the only files the build gets, \
             exclude the files it does not. A `!pattern` line in either one makes an exception."
        ),
    )
    .file(path)
}

pub(crate) fn bad_pattern(path: &Path, pattern: &str, error: &ignore::Error) -> Error {
    Error::new(
        "project-descriptor/invalid-pattern",
        format!(
            "`{pattern}` in {} is not a gitignore pattern",
            file_name(path)
        ),
        "include and exclude take .gitignore lines, e.g. `*.log`, `docs/`, `/notes.txt`, \
         `!keep.log`. Fix or remove the pattern.",
    )
    .file(path)
    .debug(error)
}

pub(crate) fn bad_env(path: &Path, name: &str) -> Error {
    Error::new(
        "project-descriptor/invalid-env-name",
        format!(
            "`{name}` in {} is not an environment variable name",
            file_name(path)
        ),
        "Each build.env entry has a `name` (letters, digits and underscores, not starting \
         with a digit) and a `value`, e.g. name = \"BP_WEB_SERVER\", value = \"nginx\".",
    )
    .file(path)
}

pub(crate) fn bad_buildpack(path: &Path, header: &str, what_to_do: &str) -> Error {
    Error::new(
        "project-descriptor/invalid-buildpack",
        format!("{}: {header}", file_name(path)),
        what_to_do.to_string(),
    )
    .file(path)
}

pub(crate) fn unknown_buildpack(path: &Path, wanted: &str, available: &[String]) -> Error {
    Error::new(
        "project-descriptor/unknown-buildpack",
        format!("The builder has no buildpack {wanted}"),
        format!(
            "A buildpack group names buildpacks of the builder (builders/bookworm/builder.toml) \
             by id, with an optional version, or a local buildpack folder by path. The \
             builder has: {}.",
            available.join(", ")
        ),
    )
    .file(path)
}

pub(crate) fn unsupported_uri(path: &Path, uri: &str, why: &str) -> Error {
    Error::new(
        "project-descriptor/unsupported-buildpack-uri",
        format!("build-app cannot take the buildpack `{uri}`"),
        format!(
            "{why} build-app takes a buildpack of its builder (an id, `urn:cnb:builder:<id>`, \
             or `urn:cnb:builder` for the builder's whole order) or a local buildpack folder \
             (a path relative to the descriptor, or file://)."
        ),
    )
    .file(path)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
