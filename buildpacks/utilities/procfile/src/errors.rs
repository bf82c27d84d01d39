//! The errors (and warnings) this buildpack reports, beyond the ones the kit makes.

use crate::processes::DEFAULT_PROCESS;
use crate::procfile::LineError;
use crate::sources::{BINDING_KEY, BINDING_TYPE, PROCFILE, Source};
use std::fmt::Display;
use stowage_kit::Error;

/// Names the Procfile or the binding a message is about.
fn about(error: Error, source: &Source) -> Error {
    match source {
        Source::File => error.file(PROCFILE),
        Source::Binding(name) => error.binding(name),
    }
}

/// A warning: the first source (`None` for the app's Procfile) has no process lines.
pub(crate) fn no_processes(source: Option<&Source>) -> Error {
    about(
        Error::new(
            "procfile/no-processes",
            "The Procfile defines no processes",
            "The Procfile holds only blank lines and comments, so no launch process is added.\n\
             Add a line such as `web: node server.js`, or remove the Procfile.",
        ),
        source.unwrap_or(&Source::File),
    )
}

pub(crate) fn unreadable(error: impl Display) -> Error {
    Error::new(
        "procfile/unreadable",
        "The Procfile could not be read",
        "Check that the build can read the Procfile (its permissions).",
    )
    .file(PROCFILE)
    .debug(error)
}

pub(crate) fn binding_without_procfile(name: &str) -> Error {
    Error::new(
        "procfile/binding-without-procfile",
        format!("Binding {name} has no key named {BINDING_KEY}"),
        format!(
            "A binding of type {BINDING_TYPE} gives its processes in a key (a file) named {BINDING_KEY},\n\
             written like a Procfile: `web: node server.js`. Add that key to the binding, or remove the binding."
        ),
    )
    .binding(name)
}

/// A warning: a line of `source` that is not a process line, which the build skips.
pub(crate) fn skipped_line(error: &LineError, source: &Source) -> Error {
    let error = match error {
        LineError::Malformed { line, text } => Error::new(
            "procfile/malformed-line",
            format!("Line {line} of the {source} is not a `type: command` line, so it is skipped"),
            format!(
                "Line {line} reads `{text}`.\n\
                 Each line of a Procfile names a process type and its command, separated by a colon,\n\
                 e.g. `web: node server.js`. Blank lines and lines starting with # are skipped.\n\
                 Fix the line, or comment it out with #."
            ),
        ),
        LineError::InvalidType { line, process_type } => Error::new(
            "procfile/invalid-process-type",
            format!(
                "Line {line} of the {source} has an invalid process type `{process_type}`, so it is skipped"
            ),
            "A process type may use only letters, digits, `.`, `_` and `-`, e.g. `web` or `worker-2`.\n\
             Rename the process type on that line.",
        ),
        LineError::NotUtf8 { line } => Error::new(
            "procfile/line-not-utf8",
            format!("Line {line} of the {source} is not UTF-8 text, so it is skipped"),
            "A process command is written into the image as UTF-8, and guessing another encoding\n\
             could change the command. Save the Procfile as UTF-8.",
        ),
    };
    about(error, source)
}

/// A warning: `source` defines `process_type` again on `line`.
pub(crate) fn duplicate(process_type: &str, line: usize, source: &Source) -> Error {
    about(
        Error::new(
            "procfile/duplicate-process-type",
            format!("The {source} defines `{process_type}` more than once"),
            format!(
                "Line {line} defines `{process_type}` again; that last definition is used.\n\
                 Remove the other lines for `{process_type}`, or give each process its own type."
            ),
        ),
        source,
    )
}

/// `BP_PROCFILE_DEFAULT_PROCESS` is `chosen`, which is none of `types`.
pub(crate) fn unknown_default_process(chosen: &str, types: &[&str]) -> Error {
    let available = if types.is_empty() {
        "The Procfile defines no processes.".to_string()
    } else {
        let quoted: Vec<String> = types.iter().map(|name| format!("`{name}`")).collect();
        format!("The processes are: {}.", quoted.join(", "))
    };
    Error::new(
        "procfile/unknown-default-process",
        format!("{DEFAULT_PROCESS} names a process the Procfile does not define"),
        format!(
            "{DEFAULT_PROCESS} is `{chosen}`. {available}\n\
             Set it to one of them, or unset it to make `web` the default."
        ),
    )
    .variable(DEFAULT_PROCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_procfile_warns() {
        insta::assert_snapshot!(no_processes(None).render());
    }

    #[test]
    fn an_unreadable_procfile_is_named() {
        insta::assert_snapshot!(unreadable("Permission denied (os error 13)").render());
    }

    #[test]
    fn a_binding_needs_the_procfile_key() {
        insta::assert_snapshot!(binding_without_procfile("procs").render());
    }

    #[test]
    fn a_malformed_line_names_its_number_and_source() {
        let error = LineError::Malformed {
            line: 3,
            text: "node server.js".to_string(),
        };
        insta::assert_snapshot!(skipped_line(&error, &Source::File).render());
    }

    #[test]
    fn an_invalid_process_type_is_explained() {
        let error = LineError::InvalidType {
            line: 1,
            process_type: "my web".to_string(),
        };
        insta::assert_snapshot!(skipped_line(&error, &Source::File).render());
    }

    #[test]
    fn a_line_that_is_not_utf8_is_named() {
        let error = LineError::NotUtf8 { line: 2 };
        insta::assert_snapshot!(skipped_line(&error, &Source::Binding("procs".into())).render());
    }

    #[test]
    fn a_duplicate_within_one_source_warns_and_the_last_wins() {
        insta::assert_snapshot!(duplicate("web", 2, &Source::File).render());
    }

    #[test]
    fn choosing_a_missing_process_is_an_error() {
        insta::assert_snapshot!(unknown_default_process("api", &["web", "worker"]).render());
    }
}
