//! Build output: a header per buildpack, sections, steps, details, warnings, download
//! progress and timings. Colour and in-place progress only on a terminal; plain lines otherwise.
//! Debug lines (`BP_LOG_LEVEL=DEBUG`) only when asked for, marked `[debug]`.

use crate::Error;
use crate::config::Config;
use crate::fetch::{Progress, Source};
use libcnb::Env;
use libcnb::Platform;
use libcnb::build::BuildContext;
use libcnb::data::buildpack::Buildpack;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The variable that switches debug lines on, Paketo's name.
pub const LOG_LEVEL: &str = "BP_LOG_LEVEL";

/// Name parts that suggest a variable's value is a credential.
const SECRET_WORDS: [&str; 8] = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "KEY",
    "CREDENTIAL",
    "PRIVATE",
    // npm's `_auth` (`NPM_CONFIG__AUTH`) holds base64 `user:password`.
    "AUTH",
];

pub struct Output {
    writer: Box<dyn Write + Send>,
    terminal: bool,
    debug: bool,
}

/// Where code without an [`Output`] of its own (inventory resolution, fetch) sends debug lines.
pub trait DebugLog {
    /// Prints `text` (each of its lines) when debug lines are on; does nothing otherwise.
    fn debug(&mut self, text: &str);
}

impl DebugLog for Output {
    fn debug(&mut self, text: &str) {
        Output::debug(self, text);
    }
}

/// Discards debug lines, for callers that have no build log.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoDebug;

impl DebugLog for NoDebug {
    fn debug(&mut self, _text: &str) {}
}

impl Output {
    /// Writes to stdout, which the lifecycle shows as the build log.
    #[must_use]
    pub fn stdout() -> Self {
        let terminal = std::io::stdout().is_terminal();
        Self::new(Box::new(std::io::stdout()), terminal)
    }

    /// Stdout, opened with the buildpack's header.
    #[must_use]
    pub fn for_buildpack(descriptor: &Buildpack) -> Self {
        let mut output = Self::stdout();
        output.buildpack_header(descriptor);
        output
    }

    /// Stdout for a build, opened with the buildpack's header, with debug lines on when
    /// `BP_LOG_LEVEL=DEBUG`. An unknown level fails the build here, before any work.
    pub fn for_build<B: libcnb::Buildpack>(context: &BuildContext<B>) -> Result<Self, Error> {
        let mut output = Self::for_buildpack(&context.buildpack_descriptor.buildpack);
        let env = context.platform.env();
        output.debug = debug_switch(env, std::env::var_os(LOG_LEVEL))?;
        if output.debug {
            output.debug(&format!(
                "{LOG_LEVEL}=DEBUG: debug lines are on\n\
                 Target: {}/{} {} {}\n\
                 Platform env: {}",
                context.target.os,
                context.target.arch,
                context.target.distro_name,
                context.target.distro_version,
                env_names(env),
            ));
            for entry in &context.buildpack_plan.entries {
                output.debug(&format!(
                    "Buildpack plan entry {:?}: {}",
                    entry.name,
                    toml::Value::Table(entry.metadata.clone())
                ));
            }
        }
        Ok(output)
    }

    #[must_use]
    pub fn new(writer: Box<dyn Write + Send>, terminal: bool) -> Self {
        Self {
            writer,
            terminal,
            debug: false,
        }
    }

    /// Turns debug lines on or off.
    #[must_use]
    pub fn with_debug(mut self, debug: bool) -> Self {
        self.debug = debug;
        self
    }

    /// Whether debug lines are printed, for callers whose debug text is costly to make.
    #[must_use]
    pub fn debugging(&self) -> bool {
        self.debug
    }

    /// Detail for finding out why a build did what it did: printed only with
    /// `BP_LOG_LEVEL=DEBUG`, each line marked `[debug]`.
    pub fn debug(&mut self, text: &str) {
        if !self.debug {
            return;
        }
        for line in text.lines() {
            let marked = self.dim(&format!("[debug] {line}"));
            self.line(&format!("    {marked}"));
        }
    }

    /// The first line a buildpack prints: its name and version.
    pub fn header(&mut self, name: &str, version: &str) {
        let text = self.bold(&format!("{name} {version}"));
        self.line(&format!("\n{text}"));
    }

    /// The header of a buildpack: its name (its id if it has none) and version.
    pub fn buildpack_header(&mut self, descriptor: &Buildpack) {
        let name = descriptor.name.as_deref().unwrap_or(descriptor.id.as_str());
        self.header(name, &descriptor.version.to_string());
    }

    /// A phase of the buildpack's work, e.g. "Resolving Node.js version".
    pub fn section(&mut self, title: &str) {
        self.line(&format!("  {title}"));
    }

    /// One fact or action within a section.
    pub fn step(&mut self, text: &str) {
        self.line(&format!("    {text}"));
    }

    /// Supporting detail under a step.
    pub fn detail(&mut self, text: &str) {
        self.line(&format!("      {text}"));
    }

    /// A message that does not stop the build but asks the user to act.
    pub fn warning(&mut self, message: &Error) {
        let rendered = message.render_warning();
        let text = self.yellow(&rendered);
        self.raw(&format!("\n{text}\n"));
    }

    /// Runs `work` as a step and prints how long it took.
    pub fn timed<T>(&mut self, text: &str, work: impl FnOnce(&mut Self) -> T) -> T {
        self.step(text);
        let started = Instant::now();
        let result = work(self);
        self.detail(&format!("Done ({})", format_duration(started.elapsed())));
        result
    }

    /// A progress reporter for one download, drawing into this output.
    pub fn download(&mut self, what: &str) -> DownloadProgress<'_> {
        DownloadProgress {
            output: self,
            what: what.to_string(),
            total: None,
            received: 0,
            reported_quarter: 0,
            announced: false,
            bundled: false,
            started: Instant::now(),
        }
    }

    /// A progress reporter for fetching from `source`: a file bundled in the buildpack is
    /// copied and verified, not downloaded, and the log says so.
    pub fn fetch(&mut self, what: &str, source: Source) -> DownloadProgress<'_> {
        let mut progress = self.download(what);
        progress.bundled = source == Source::Bundled;
        progress
    }

    fn line(&mut self, text: &str) {
        // Blank lines of a tool's output would otherwise end in indentation.
        self.raw(&format!("{}\n", text.trim_end()));
    }

    fn raw(&mut self, text: &str) {
        // Build output is best effort: a closed stdout must not fail the build.
        let _ = self.writer.write_all(text.as_bytes());
        let _ = self.writer.flush();
    }

    fn bold(&self, text: &str) -> String {
        self.styled("1", text)
    }

    fn yellow(&self, text: &str) -> String {
        self.styled("33", text)
    }

    fn dim(&self, text: &str) -> String {
        self.styled("2", text)
    }

    fn styled(&self, code: &str, text: &str) -> String {
        if self.terminal {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Download progress: on a terminal one line redrawn in place; otherwise a line per quarter,
/// up to 100%.
pub struct DownloadProgress<'a> {
    output: &'a mut Output,
    what: String,
    total: Option<u64>,
    received: u64,
    reported_quarter: u64,
    announced: bool,
    /// Copying the offline package's own file: no percentages, "Copied", not "Downloaded".
    bundled: bool,
    started: Instant,
}

impl Progress for DownloadProgress<'_> {
    fn started(&mut self, total: Option<u64>) {
        let first_attempt = !self.announced;
        self.total = total;
        self.received = 0;
        self.reported_quarter = 0;
        if !first_attempt {
            // A retry: the log already said what is downloaded and why it starts over.
            return;
        }
        self.announced = true;
        let size = total.map_or_else(String::new, |bytes| format!(" ({})", format_bytes(bytes)));
        let text = if self.bundled {
            format!(
                "Copying {} from the file bundled in the buildpack{size}",
                self.what
            )
        } else {
            format!("Downloading {}{size}", self.what)
        };
        self.output.step(&text);
    }

    fn advanced(&mut self, received: u64) {
        self.received = received;
        let Some(total) = self.total.filter(|total| *total > 0 && !self.bundled) else {
            return;
        };
        if self.output.terminal {
            let percent = received * 100 / total;
            self.output.raw(&format!(
                "\r      {percent:>3}% {} of {}",
                format_bytes(received),
                format_bytes(total)
            ));
        } else {
            // Up to 100%, so the log does not stop at 75% before "Downloaded".
            let quarter = (received * 4 / total).min(4);
            if quarter > self.reported_quarter {
                self.reported_quarter = quarter;
                self.output.detail(&format!(
                    "{}% ({} of {})",
                    quarter * 25,
                    format_bytes(received),
                    format_bytes(total)
                ));
            }
        }
    }

    fn retrying(&mut self, attempt: u32, reason: &str, wait: Duration) {
        self.end_progress_line();
        self.output.detail(&format!(
            "Attempt {attempt} failed ({reason}); retrying in {}",
            format_duration(wait)
        ));
    }

    fn debug(&mut self, text: &str) {
        if self.output.debug {
            self.end_progress_line();
            self.output.debug(text);
        }
    }
}

impl DownloadProgress<'_> {
    /// Called once the file is installed, so its checksum was verified.
    pub fn finished(&mut self) {
        self.end_progress_line();
        let verb = if self.bundled {
            "Copied and verified"
        } else {
            "Downloaded"
        };
        self.output.detail(&format!(
            "{verb} {} in {}",
            format_bytes(self.received),
            format_duration(self.started.elapsed())
        ));
    }

    fn end_progress_line(&mut self) {
        if self.output.terminal && self.total.is_some() && !self.bundled {
            self.output.raw("\n");
        }
    }
}

/// Debug lines are on when `BP_LOG_LEVEL` says `DEBUG`, in the platform env (`pack --env`,
/// `<platform>/env`) or else the process env; `INFO` or unset means off, anything else is an error.
pub fn debug_switch(platform_env: &Env, process_value: Option<OsString>) -> Result<bool, Error> {
    if platform_env.contains_key(LOG_LEVEL) {
        return Config::new(platform_env).debug_logging();
    }
    let mut process = Env::new();
    if let Some(value) = process_value {
        process.insert(LOG_LEVEL, value);
    }
    Config::new(&process).debug_logging()
}

/// Whether a variable's name suggests its value is a credential, whatever its case.
#[must_use]
pub fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|word| upper.contains(word))
}

/// A variable's value as a log may show it: `***` when the name looks secret, and a URL's
/// `user:password@` masked in any other.
#[must_use]
pub fn shown_value(name: &str, value: &str) -> String {
    if looks_secret(name) {
        "***".to_string()
    } else {
        crate::fetch::redact(value)
    }
}

/// The names only: values of the platform env may be secrets.
fn env_names(env: &Env) -> String {
    let mut names: Vec<String> = env
        .iter()
        .map(|(name, _)| name.to_string_lossy().into_owned())
        .collect();
    names.sort();
    if names.is_empty() {
        "(none)".to_string()
    } else {
        names.join(", ")
    }
}

#[must_use]
pub fn format_duration(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis}ms")
    } else if millis < 60_000 {
        format!("{}.{}s", millis / 1000, millis % 1000 / 100)
    } else {
        format!("{}m {}s", millis / 60_000, millis % 60_000 / 1000)
    }
}

#[must_use]
#[allow(clippy::cast_precision_loss)] // a human-readable size needs one decimal, not every byte
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Output that tests can read back.
pub mod captured {
    use super::Output;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// What an [`Output`] made by [`plain`] wrote.
    #[derive(Clone, Default)]
    pub struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        #[must_use]
        pub fn text(&self) -> String {
            let bytes = self.0.lock().map(|bytes| bytes.clone()).unwrap_or_default();
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }

    /// Plain (non-terminal) output and what it wrote.
    #[must_use]
    pub fn plain() -> (Output, Captured) {
        let captured = Captured::default();
        (Output::new(Box::new(captured.clone()), false), captured)
    }
}

#[cfg(test)]
mod tests {
    use super::captured::{Captured, plain};
    use super::*;

    #[test]
    fn plain_output_has_sections_steps_and_warnings() {
        let (mut output, captured) = plain();
        output.header("Stowage Node Engine", "0.1.0");
        output.section("Resolving Node.js version");
        output.step("Requested ^22 (from package.json engines.node)");
        output.detail("Selected 22.11.0");
        output.warning(&Error::new(
            "x/soon",
            "Version 22 leaves support soon",
            "Move to 24.",
        ));
        insta::assert_snapshot!(captured.text());
    }

    #[test]
    fn a_buildpack_header_is_its_name_else_its_id() {
        let descriptor = |name: &str| -> Buildpack {
            toml::from_str(&format!("id = \"stowage/x\"\nversion = \"1.2.3\"\n{name}"))
                .expect("descriptor")
        };
        let (mut output, captured) = plain();
        output.buildpack_header(&descriptor("name = \"Stowage X\""));
        output.buildpack_header(&descriptor(""));
        assert_eq!(captured.text(), "\nStowage X 1.2.3\n\nstowage/x 1.2.3\n");
    }

    #[test]
    fn plain_download_progress_prints_quarters_up_to_100_and_retries() {
        let (mut output, captured) = plain();
        let mut progress = output.download("node 22.11.0");
        progress.started(Some(4096));
        progress.retrying(1, "HTTP 500", Duration::from_secs(1));
        progress.started(Some(4096));
        for received in (0..=4096).step_by(512) {
            progress.advanced(received);
        }
        progress.finished();
        let text = captured.text();
        let stable = regex::Regex::new(r"in \d+ms")
            .expect("regex")
            .replace_all(&text, "in <elapsed>");
        insta::assert_snapshot!(stable);
    }

    #[test]
    fn a_bundled_file_is_copied_and_verified_not_downloaded() {
        let elapsed = regex::Regex::new(r"in \d+ms").expect("regex");
        for terminal in [false, true] {
            let captured = Captured::default();
            let mut output = Output::new(Box::new(captured.clone()), terminal);
            let mut progress = output.fetch("node 22.11.0", Source::Bundled);
            progress.started(Some(4096));
            progress.advanced(2048);
            progress.advanced(4096);
            progress.finished();
            let text = elapsed
                .replace_all(&captured.text(), "in <elapsed>")
                .into_owned();
            assert!(!text.contains("Download"), "{text}");
            insta::assert_snapshot!(format!("bundled_terminal_{terminal}"), text);
        }
        let (mut output, captured) = plain();
        let mut progress = output.fetch("node 22.11.0", Source::Mirror);
        progress.started(Some(4096));
        progress.finished();
        assert!(
            captured
                .text()
                .contains("Downloading node 22.11.0 (4.0 KiB)")
        );
    }

    #[test]
    fn terminal_output_redraws_progress_in_place() {
        let captured = Captured::default();
        let mut output = Output::new(Box::new(captured.clone()), true);
        let mut progress = output.download("node");
        progress.started(Some(100));
        progress.advanced(50);
        progress.advanced(100);
        progress.finished();
        let text = captured.text();
        assert!(text.contains("\r       50% 50 B of 100 B"), "{text}");
        assert!(text.contains("\r      100% 100 B of 100 B\n"), "{text}");
    }

    #[test]
    fn timed_steps_report_their_duration() {
        let (mut output, captured) = plain();
        let value = output.timed("Installing", |_| 7);
        assert_eq!(value, 7);
        assert!(
            captured.text().contains("      Done ("),
            "{}",
            captured.text()
        );
    }

    #[test]
    fn debug_lines_are_off_by_default() {
        let (mut output, captured) = plain();
        assert!(!output.debugging());
        output.debug("Resolved node 22.11.0");
        output
            .download("node")
            .debug("Attempt 1 of 4: GET https://nodejs.org/x");
        DebugLog::debug(&mut output, "from a caller without an Output");
        assert_eq!(captured.text(), "");
    }

    #[test]
    fn debug_lines_are_marked_line_by_line_when_on() {
        let (output, captured) = plain();
        let mut output = output.with_debug(true);
        assert!(output.debugging());
        output.step("Installing Node.js");
        output.debug("Resolved dependency entry:\n  id = \"node\"");
        let mut progress = output.download("node 22.11.0");
        progress.started(Some(100));
        progress.debug("Attempt 1 of 4: GET https://nodejs.org/x");
        insta::assert_snapshot!(captured.text());
    }

    #[test]
    fn debug_lines_are_dim_on_a_terminal() {
        let captured = Captured::default();
        let mut output = Output::new(Box::new(captured.clone()), true).with_debug(true);
        output.debug("x");
        assert_eq!(captured.text(), "    \x1b[2m[debug] x\x1b[0m\n");
    }

    fn env(pairs: &[(&str, &str)]) -> Env {
        crate::config::env_of(pairs.iter().copied())
    }

    #[test]
    fn the_debug_switch_reads_the_platform_env_before_the_process_env() {
        let debug = || Some(OsString::from("DEBUG"));
        assert_eq!(debug_switch(&env(&[]), None), Ok(false));
        assert_eq!(
            debug_switch(&env(&[("BP_LOG_LEVEL", "debug")]), None),
            Ok(true)
        );
        assert_eq!(debug_switch(&env(&[]), debug()), Ok(true));
        assert_eq!(
            debug_switch(&env(&[("BP_LOG_LEVEL", "INFO")]), debug()),
            Ok(false),
            "the user's platform setting wins"
        );
        assert_eq!(
            debug_switch(&env(&[]), Some(OsString::from("LOUD")))
                .expect_err("LOUD is no level")
                .id,
            "config/invalid-value"
        );
    }

    #[test]
    fn a_bad_log_level_is_an_error_naming_the_variable() {
        let error =
            debug_switch(&env(&[("BP_LOG_LEVEL", "LOUD")]), None).expect_err("LOUD is no level");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn secret_looking_names_and_url_credentials_are_masked() {
        for name in [
            "DB_PASSWORD",
            "api_token",
            "AWS_SECRET_ACCESS_KEY",
            "SshKey",
            "NPM_CONFIG__AUTH",
        ] {
            assert!(looks_secret(name), "{name}");
            assert_eq!(shown_value(name, "hunter2"), "***");
        }
        assert!(!looks_secret("DATABASE_URL"));
        assert_eq!(
            shown_value("NPM_CONFIG_REGISTRY", "https://me:hunter2@npm.example/x"),
            "https://***@npm.example/x"
        );
        assert_eq!(shown_value("NODE_ENV", "production"), "production");
    }

    #[test]
    fn formats_sizes_and_durations() {
        assert_eq!(format_bytes(12), "12 B");
        assert_eq!(format_bytes(50 * 1024 * 1024 + 300 * 1024), "50.3 MiB");
        assert_eq!(format_duration(Duration::from_millis(42)), "42ms");
        assert_eq!(format_duration(Duration::from_millis(2345)), "2.3s");
        assert_eq!(format_duration(Duration::from_secs(75)), "1m 15s");
    }
}
