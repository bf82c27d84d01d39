//! Runs a tool (npm, yarn, mvn, …) with its own output shown in the build log, indented, and
//! turns a failure into an error that names the command and says what to do.

use crate::Error;
use crate::output::Output;
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
    let shown = display(command);
    output.step(&format!("Running `{shown}`"));
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

    let mut tail = std::collections::VecDeque::with_capacity(TAIL_LINES);
    for line in lines {
        output.detail(&line);
        if tail.len() == TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(line);
    }
    for reader in readers {
        let _ = reader.join();
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
        return Ok(());
    }
    let ended = status.code().map_or_else(
        || "was stopped by a signal".to_string(),
        |code| format!("exited with code {code}"),
    );
    Err(Error::new(
        id,
        format!("`{shown}` failed"),
        format!("The command {ended}; its output is above.\n{advice}"),
    )
    .debug(tail.into_iter().collect::<Vec<_>>().join("\n")))
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
