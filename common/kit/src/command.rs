//! Runs a tool (npm, yarn, mvn, …) with its own output shown in the build log, indented, and
//! turns a failure into an error that names the command and says what to do.

use crate::Error;
use crate::output::{Output, shown_value};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

/// How many of the tool's last lines an error repeats, so the cause sits next to the message.
const TAIL_LINES: usize = 20;

/// Runs `command`, streaming stdout and stderr line by line into `output`.
/// `id` and `advice` shape the error when the tool fails or cannot start.
pub fn run_streamed(
    command: &mut Command,
    output: &mut Output,
    id: &'static str,
    advice: &str,
) -> Result<(), Error> {
    run_streamed_filtered(command, output, id, advice, &mut Shown::All)
}

/// Which of a tool's lines the build log shows: all, or those a filter keeps (e.g. not the
/// usage text npm prints after a usage error), with a line saying what was left out.
pub enum Shown<'a> {
    All,
    Kept {
        keep: &'a mut dyn FnMut(&str) -> bool,
        /// What the left-out lines are, e.g. "npm's usage text".
        left_out: &'a str,
    },
}

/// `run_streamed`, showing only the lines `shown` keeps. The error's tail has every line.
pub fn run_streamed_filtered(
    command: &mut Command,
    output: &mut Output,
    id: &'static str,
    advice: &str,
    shown_lines: &mut Shown<'_>,
) -> Result<(), Error> {
    let streamed = stream(command, output, id, advice, shown_lines)?;
    if streamed.success {
        return Ok(());
    }
    let shown = display(command);
    let ended = ended(streamed.code);
    let start = streamed.lines.len().saturating_sub(TAIL_LINES);
    Err(Error::new(
        id,
        format!("`{shown}` failed"),
        format!("The command {ended}; its output is above.\n{advice}"),
    )
    .debug(streamed.lines[start..].join("\n")))
}

/// What a streamed command printed, stdout and stderr lines in the order they came, and how
/// it ended.
#[derive(Debug)]
pub struct Streamed {
    pub success: bool,
    /// `None` when a signal stopped it.
    pub code: Option<i32>,
    pub lines: Vec<String>,
}

impl Streamed {
    /// The lines, each ending with a line break.
    #[must_use]
    pub fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        text
    }
}

/// `run_streamed` for callers that judge the exit code and the output themselves (a tool
/// whose "failure" codes mean something, an error that quotes the output): the lines are
/// streamed into `output` as they come, and returned. Fails only when the command cannot be
/// started or waited for.
pub fn run_streamed_output(
    command: &mut Command,
    output: &mut Output,
    id: &'static str,
    advice: &str,
) -> Result<Streamed, Error> {
    stream(command, output, id, advice, &mut Shown::All)
}

/// `exited with code N` or `was stopped by a signal`.
fn ended(code: Option<i32>) -> String {
    code.map_or_else(
        || "was stopped by a signal".to_string(),
        |code| format!("exited with code {code}"),
    )
}

fn stream(
    command: &mut Command,
    output: &mut Output,
    id: &'static str,
    advice: &str,
    shown_lines: &mut Shown<'_>,
) -> Result<Streamed, Error> {
    let shown = display(command);
    output.step(&format!("Running `{shown}`"));
    if output.debugging() {
        output.debug(&setting(command));
    }
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            Error::new(
                id,
                format!("`{shown}` could not be started"),
                advice.to_string(),
            )
            .debug(error)
        })?;

    let (sender, lines) = mpsc::channel::<String>();
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn std::io::Read + Send>),
        child
            .stderr
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn std::io::Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|pipe| {
        let sender = sender.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        })
    })
    .collect();
    drop(sender);

    let mut all = Vec::new();
    let mut hidden = 0_usize;
    for line in lines {
        let kept = match shown_lines {
            Shown::All => true,
            Shown::Kept { keep, .. } => keep(&line),
        };
        if kept {
            output.detail(&line);
        } else {
            hidden += 1;
        }
        all.push(line);
    }
    for reader in readers {
        let _ = reader.join();
    }
    if let Shown::Kept { left_out, .. } = shown_lines
        && hidden > 0
    {
        let lines = if hidden == 1 { "line" } else { "lines" };
        output.detail(&format!("({hidden} {lines} left out: {left_out})"));
    }
    let status = child.wait().map_err(|error| {
        Error::new(
            id,
            format!("`{shown}` could not be waited for"),
            advice.to_string(),
        )
        .debug(error)
    })?;
    if status.success() {
        output.detail(&format!(
            "Done ({})",
            crate::output::format_duration(started.elapsed())
        ));
    }
    Ok(Streamed {
        success: status.success(),
        code: status.code(),
        lines: all,
    })
}

/// Where the command runs and what it changes of the build's environment, with the values
/// of secret-looking names and URL credentials masked.
fn setting(command: &Command) -> String {
    let dir = command.get_current_dir().map_or_else(
        || {
            let cwd = std::env::current_dir()
                .map_or_else(|_| "unknown".to_string(), |dir| dir.display().to_string());
            format!("the buildpack's working directory ({cwd})")
        },
        |dir| dir.display().to_string(),
    );
    let mut lines = vec![format!("Working directory: {dir}")];
    let mut changes: Vec<(String, Option<String>)> = command
        .get_envs()
        .map(|(name, value)| {
            (
                name.to_string_lossy().into_owned(),
                value.map(|value| value.to_string_lossy().into_owned()),
            )
        })
        .collect();
    changes.sort();
    if changes.is_empty() {
        lines.push("Environment: the build's, unchanged".to_string());
    }
    for (name, value) in changes {
        lines.push(match value {
            Some(value) => format!("Environment: {name}={}", shown_value(&name, &value)),
            None => format!("Environment: {name} removed"),
        });
    }
    lines.join("\n")
}

/// The command as a user would type it.
fn display(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::captured::plain as output;

    #[test]
    fn output_is_streamed_and_returned_whatever_the_exit_code() {
        let (mut out, captured) = output();
        let ran = run_streamed_output(
            Command::new("sh").args(["-c", "echo one; echo two >&2; exit 2"]),
            &mut out,
            "test/failed",
            "Fix it.",
        )
        .expect("ran");
        assert!(!ran.success);
        assert_eq!(ran.code, Some(2));
        let mut lines = ran.lines.clone();
        lines.sort();
        assert_eq!(lines, ["one", "two"]);
        assert!(ran.text().ends_with('\n'));
        let log = captured.text();
        assert!(log.contains("Running `sh -c"), "{log}");
        assert!(log.contains("one") && log.contains("two"), "{log}");
        let error = run_streamed_output(&mut Command::new("/nonexistent"), &mut out, "test/x", "")
            .expect_err("cannot start");
        assert_eq!(error.id, "test/x");
    }

    #[test]
    fn shows_the_tools_output_indented() {
        let (mut out, captured) = output();
        run_streamed(
            Command::new("sh").args(["-c", "echo one; echo two >&2"]),
            &mut out,
            "test/failed",
            "Fix it.",
        )
        .expect("succeeds");
        let text = captured.text();
        assert!(
            text.contains("    Running `sh -c echo one; echo two >&2`\n"),
            "{text}"
        );
        assert!(
            text.contains("      one\n") && text.contains("      two\n"),
            "{text}"
        );
    }

    #[test]
    fn debug_lines_name_the_directory_and_the_env_it_changes_with_secrets_masked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut command = Command::new("true");
        command
            .current_dir(dir.path())
            .env("NPM_CONFIG_REGISTRY", "https://me:hunter2@npm.example/")
            .env("NPM_TOKEN", "hunter2")
            .env("NODE_ENV", "production")
            .env_remove("NPM_CONFIG_PREFIX");
        let (out, captured) = output();
        let mut out = out.with_debug(true);
        run_streamed(&mut command, &mut out, "test/failed", "Fix it.").expect("succeeds");
        let text = captured
            .text()
            .replace(&dir.path().display().to_string(), "<dir>");
        let text = regex::Regex::new(r"Done \(\d+ms\)")
            .expect("regex")
            .replace(&text, "Done (<elapsed>)");
        assert!(!text.contains("hunter2"), "{text}");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn no_debug_lines_unless_asked_for() {
        let (mut out, captured) = output();
        run_streamed(
            Command::new("true").env("NODE_ENV", "production"),
            &mut out,
            "test/failed",
            "Fix it.",
        )
        .expect("succeeds");
        assert!(!captured.text().contains("[debug]"), "{}", captured.text());
        assert!(!captured.text().contains("NODE_ENV"), "{}", captured.text());
    }

    #[test]
    fn without_a_directory_or_env_the_debug_line_says_so() {
        let text = setting(&Command::new("true"));
        let cwd = std::env::current_dir().expect("cwd").display().to_string();
        assert_eq!(
            text,
            format!(
                "Working directory: the buildpack's working directory ({cwd})\n\
                 Environment: the build's, unchanged"
            )
        );
    }

    #[test]
    fn a_failure_names_the_command_and_repeats_the_last_lines() {
        let (mut out, _) = output();
        let error = run_streamed(
            Command::new("sh").args(["-c", "echo npm ERR! missing script: build >&2; exit 3"]),
            &mut out,
            "test/failed",
            "Check the script in package.json.",
        )
        .expect_err("fails");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn a_filter_leaves_lines_out_and_says_how_many() {
        let (mut out, captured) = output();
        let mut keep = |line: &str| !line.starts_with("usage");
        run_streamed_filtered(
            Command::new("sh").args(["-c", "echo one; echo usage a; echo usage b; echo two"]),
            &mut out,
            "test/failed",
            "Fix it.",
            &mut Shown::Kept {
                keep: &mut keep,
                left_out: "the usage text",
            },
        )
        .expect("succeeds");
        let text = captured.text();
        assert!(!text.contains("      usage a"), "{text}");
        assert!(
            text.contains("      one\n      two\n      (2 lines left out: the usage text)\n"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_program_is_a_clear_error() {
        let (mut out, _) = output();
        let error = run_streamed(
            &mut Command::new("stowage-no-such-tool"),
            &mut out,
            "test/missing",
            "Install it.",
        )
        .expect_err("missing");
        assert_eq!(error.header, "`stowage-no-such-tool` could not be started");
    }
}
