//! Running Composer: with the build's `COMPOSER_*` settings (the platform's variables are not
//! in the buildpack's own environment), no questions asked, and its output in the log and,
//! when it fails, in the error.

use crate::errors;
use libcnb::Env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use stowage_kit::Error;
use stowage_kit::command::run_streamed_output;
use stowage_kit::output::Output;

pub(crate) struct Composer {
    env: Vec<(OsString, OsString)>,
    /// Put before the buildpack's own `PATH`: the global packages' `vendor/bin`.
    path_first: Option<PathBuf>,
}

/// Variables every run gets: Composer's home and cache in the cache-only layer (the build
/// user's home may not be writable, and Composer fails without one).
pub(crate) fn home_vars(cache: &Path) -> Vec<(OsString, OsString)> {
    vec![
        ("COMPOSER_HOME".into(), cache.join("home").into()),
        ("COMPOSER_CACHE_DIR".into(), cache.join("cache").into()),
    ]
}

/// What a Composer run printed, stdout and stderr lines in the order they came.
pub(crate) struct Ran {
    pub code: Option<i32>,
    pub text: String,
}

impl Composer {
    /// `platform` is the build's platform environment; `auth` the `COMPOSER_AUTH` to use.
    pub(crate) fn new(
        platform: &Env,
        auth: Option<String>,
        cache: &Path,
        ini_scan_dir: OsString,
    ) -> Self {
        let mut env: Vec<(OsString, OsString)> = platform
            .iter()
            .filter(|(name, _)| {
                name.to_string_lossy().starts_with("COMPOSER") && *name != "COMPOSER_AUTH"
            })
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        env.extend(home_vars(cache));
        env.push(("PHP_INI_SCAN_DIR".into(), ini_scan_dir));
        env.push(("COMPOSER_NO_INTERACTION".into(), "1".into()));
        if let Some(auth) = auth {
            env.push(("COMPOSER_AUTH".into(), auth.into()));
        }
        Self {
            env,
            path_first: None,
        }
    }

    /// Later runs find the commands in `bin` first, as the next buildpacks do.
    pub(crate) fn put_first_on_path(&mut self, bin: PathBuf) {
        self.path_first = Some(bin);
    }

    /// `composer <args>` in `dir`, with `extra` variables.
    pub(crate) fn command(&self, dir: &Path, args: &[String], extra: &[(&str, &Path)]) -> Command {
        let mut command = Command::new("composer");
        command
            .args(args)
            .arg("--no-ansi")
            .current_dir(dir)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(bin) = &self.path_first {
            let mut path = bin.clone().into_os_string();
            if let Some(rest) = std::env::var_os("PATH") {
                path.push(":");
                path.push(rest);
            }
            command.env("PATH", path);
        }
        for (name, value) in extra {
            command.env(name, value);
        }
        command
    }

    /// Runs `command`, its lines shown in the log as they come; `Ran` whatever the exit code.
    pub(crate) fn run(command: &mut Command, output: &mut Output) -> Result<Ran, Error> {
        let streamed = run_streamed_output(
            command,
            output,
            errors::NOT_STARTED,
            errors::NOT_STARTED_ADVICE,
        )?;
        Ok(Ran {
            code: streamed.code,
            text: streamed.text(),
        })
    }

    /// The first line `composer --version` prints, e.g. `2.5.5`.
    pub(crate) fn version(&self, dir: &Path) -> Result<String, Error> {
        let mut command = self.command(dir, &["--version".to_string()], &[]);
        let ran = command
            .stdin(Stdio::null())
            .output()
            .map_err(|error| errors::not_started("composer --version", &error))?;
        let text = String::from_utf8_lossy(&ran.stdout);
        Ok(text
            .split_whitespace()
            .skip_while(|word| *word != "version")
            .nth(1)
            .unwrap_or("unknown")
            .to_string())
    }
}

/// `PHP_VERSION` of the build's PHP (php-dist's layer on `PATH`).
pub(crate) fn php_version() -> Result<String, Error> {
    let ran = Command::new("php")
        .args(["-r", "echo PHP_VERSION;"])
        .stdin(Stdio::null())
        .output()
        .map_err(|error| errors::not_started("php", &error))?;
    let version = String::from_utf8_lossy(&ran.stdout).trim().to_string();
    if ran.status.success() && !version.is_empty() {
        Ok(version)
    } else {
        Err(errors::not_started(
            "php",
            &std::io::Error::other(String::from_utf8_lossy(&ran.stderr).trim().to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_the_builds_composer_settings_and_shows_the_output() {
        let mut platform = Env::new();
        platform.insert("COMPOSER_VENDOR_DIR", "lib/vendor");
        platform.insert("COMPOSER_AUTH", "{\"from\":\"env\"}");
        platform.insert("BP_PHP_SERVER", "nginx");
        let composer = Composer::new(
            &platform,
            Some("{}".to_string()),
            Path::new("/cache"),
            "/ini".into(),
        );
        let command = composer.command(Path::new("/"), &["install".to_string()], &[]);
        let envs: Vec<(String, String)> = command
            .get_envs()
            .filter_map(|(k, v)| Some((k.to_string_lossy().into(), v?.to_string_lossy().into())))
            .collect();
        assert!(envs.contains(&("COMPOSER_VENDOR_DIR".into(), "lib/vendor".into())));
        assert!(envs.contains(&("COMPOSER_AUTH".into(), "{}".into())));
        assert!(envs.contains(&("COMPOSER_NO_INTERACTION".into(), "1".into())));
        assert!(envs.contains(&("COMPOSER_HOME".into(), "/cache/home".into())));
        assert!(envs.contains(&("COMPOSER_CACHE_DIR".into(), "/cache/cache".into())));
        assert!(!envs.iter().any(|(k, _)| k == "BP_PHP_SERVER"));

        let (mut output, captured) = stowage_kit::output::captured::plain();
        let ran = Composer::run(
            Command::new("sh").args(["-c", "echo one; echo two >&2; exit 3"]),
            &mut output,
        )
        .expect("ran");
        assert_eq!(ran.code, Some(3));
        assert!(
            ran.text.contains("one\n") && ran.text.contains("two\n"),
            "{}",
            ran.text
        );
        let log = captured.text();
        assert!(log.contains("one") && log.contains("two"), "{log}");
    }

    /// The first line is in the log while Composer still runs: the command waits (up to 10 s)
    /// for a file the test writes once it has seen that line.
    #[test]
    fn the_output_is_in_the_log_while_composer_runs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let flag = dir.path().join("seen");
        let (mut output, captured) = stowage_kit::output::captured::plain();
        let watcher = {
            let (captured, flag) = (captured.clone(), flag.clone());
            std::thread::spawn(move || {
                for _ in 0..200 {
                    if captured.text().contains("first") {
                        fs_err::write(&flag, "").expect("flag");
                        return;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            })
        };
        let script = format!(
            "echo first; for i in $(seq 100); do [ -e '{}' ] && echo streamed && exit 0; \
             sleep 0.1; done; echo not-streamed",
            flag.display()
        );
        let ran =
            Composer::run(Command::new("sh").args(["-c", &script]), &mut output).expect("ran");
        watcher.join().expect("watcher");
        assert!(
            ran.text.contains("streamed\n") && !ran.text.contains("not-"),
            "{}",
            ran.text
        );
    }
}
