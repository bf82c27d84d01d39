//! The one user-facing error type of every Stowage buildpack, and the one function that prints it.

use std::fmt::{self, Display};
use std::path::PathBuf;

/// What a message is about, so a user knows where to look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    File(PathBuf),
    Variable(String),
    Binding(String),
    Url(String),
}

impl Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::File(path) => write!(f, "file {}", path.display()),
            Subject::Variable(name) => write!(f, "variable {name}"),
            Subject::Binding(name) => write!(f, "binding {name}"),
            Subject::Url(url) => write!(f, "url {url}"),
        }
    }
}

/// A user-facing error: a stable id (`<area>/<what>`), a one-line header, a body that says
/// what to do next, the file or variable involved, and optional debug detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub id: &'static str,
    pub header: String,
    pub body: String,
    pub subject: Option<Subject>,
    pub debug: Option<String>,
}

impl Error {
    #[must_use]
    pub fn new(id: &'static str, header: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            id,
            header: header.into(),
            body: body.into(),
            subject: None,
            debug: None,
        }
    }

    #[must_use]
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.subject = Some(Subject::File(path.into()));
        self
    }

    #[must_use]
    pub fn variable(mut self, name: impl Into<String>) -> Self {
        self.subject = Some(Subject::Variable(name.into()));
        self
    }

    #[must_use]
    pub fn binding(mut self, name: impl Into<String>) -> Self {
        self.subject = Some(Subject::Binding(name.into()));
        self
    }

    #[must_use]
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.subject = Some(Subject::Url(url.into()));
        self
    }

    #[must_use]
    pub fn debug(mut self, detail: impl Display) -> Self {
        self.debug = Some(detail.to_string());
        self
    }

    /// The message as the user reads it, without colour.
    #[must_use]
    pub fn render(&self) -> String {
        let mut lines = vec![format!("! ERROR [{}] {}", self.id, self.header)];
        lines.extend(
            self.body
                .lines()
                .map(|line| format!("!   {line}").trim_end().to_string()),
        );
        if let Some(subject) = &self.subject {
            lines.push(format!("!   Involved: {subject}"));
        }
        if let Some(debug) = &self.debug {
            lines.push("!   Detail:".to_string());
            lines.extend(debug.lines().map(|line| format!("!     {line}")));
        }
        lines.join("\n") + "\n"
    }

    /// The message as a warning: the build or the start goes on.
    #[must_use]
    pub fn render_warning(&self) -> String {
        self.render().replacen("! ERROR", "! WARNING", 1)
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.id, self.header)
    }
}

impl std::error::Error for Error {}

impl From<Error> for libcnb::Error<Error> {
    fn from(error: Error) -> Self {
        libcnb::Error::BuildpackError(error)
    }
}

/// Renders any error libcnb reports, ours or the framework's, as one user-facing message.
#[must_use]
pub fn render_libcnb_error(error: &libcnb::Error<Error>) -> String {
    match error {
        libcnb::Error::BuildpackError(error) => error.render(),
        other => Error::new(
            "buildpack/internal",
            "The buildpack failed unexpectedly",
            "This is a bug in the buildpack, not in your app. Please report it with the detail below and the build log.",
        )
        .debug(other)
        .render(),
    }
}

/// The one function that prints an error: to stderr, where the lifecycle shows it in the build log.
pub fn print_error(error: &libcnb::Error<Error>) {
    eprint!("\n{}", render_libcnb_error(error));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_part() {
        let error = Error::new(
            "node-engine/example",
            "Something went wrong",
            "Do this first.\n\nThen that.",
        )
        .variable("BP_NODE_VERSION")
        .debug("line one\nline two");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn renders_without_optional_parts() {
        let error = Error::new("x/y", "Header", "Body.");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn framework_errors_become_an_internal_error() {
        let error: libcnb::Error<Error> =
            libcnb::Error::CannotDetermineTargetArch(std::env::VarError::NotPresent);
        insta::assert_snapshot!(render_libcnb_error(&error));
    }
}
