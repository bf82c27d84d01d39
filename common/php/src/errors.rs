//! The errors of reading the app's Composer files.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn unreadable(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "php/unreadable-composer-file",
        format!("{} cannot be read", name(file)),
        "Check that the file is readable and is not a broken symlink.",
    )
    .file(name(file))
    .debug(error)
}

pub(crate) fn not_json(file: &Path, error: &serde_json::Error) -> Error {
    Error::new(
        "php/invalid-composer-file",
        format!("{} is not valid JSON", name(file)),
        format!(
            "Fix the problem at line {}, column {} and build again (`composer validate` checks \
             the file).",
            error.line(),
            error.column()
        ),
    )
    .file(name(file))
    .debug(error)
}

pub(crate) fn wrong_type(file: &Path, field: &str, expected: &str) -> Error {
    Error::new(
        "php/invalid-composer-field",
        format!("{} has a field of the wrong type", name(file)),
        format!("`{field}` must be {expected}. Fix it and build again."),
    )
    .file(name(file))
}

fn name(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
