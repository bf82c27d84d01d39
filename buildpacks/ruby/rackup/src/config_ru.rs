//! config.ru and the `web` process. Rack reads options from a first `#\` line (`#\ -p 8000`);
//! as at Paketo, its port becomes the process's default and the line leaves the file, so
//! `$PORT` alone decides where the app listens.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;

pub(crate) const CONFIG_RU: &str = "config.ru";
pub(crate) const DEFAULT_PORT: u16 = 9292;

/// The port of config.ru's `#\ … -p N` line, removing that line; `None` without one.
pub(crate) fn take_port_line(path: &Path) -> Result<Option<u16>, Error> {
    let text = fs_err::read_to_string(path).map_err(|error| errors::config_ru(path, &error))?;
    let Some((index, port)) = text
        .lines()
        .enumerate()
        .find_map(|(index, line)| port_option(line).map(|port| (index, port)))
    else {
        return Ok(None);
    };
    let mut kept: Vec<&str> = text.lines().collect();
    kept.remove(index);
    let mut rewritten = kept.join("\n");
    if text.ends_with('\n') && !rewritten.is_empty() {
        rewritten.push('\n');
    }
    fs_err::write(path, rewritten).map_err(|error| errors::config_ru(path, &error))?;
    Ok(Some(port))
}

/// `-p N`, `-pN`, `--port N` or `--port=N` on a `#\` line.
fn port_option(line: &str) -> Option<u16> {
    let options = line.trim_start().strip_prefix("#\\")?;
    let mut words = options.split_whitespace();
    while let Some(word) = words.next() {
        let value = match word {
            "-p" | "--port" => words.next(),
            _ => word
                .strip_prefix("--port=")
                .or_else(|| word.strip_prefix("-p").filter(|rest| !rest.is_empty())),
        };
        if let Some(port) = value.and_then(|value| value.parse::<u16>().ok()) {
            return Some(port);
        }
    }
    None
}

/// `bundle exec rackup …`; in production rackup binds 0.0.0.0.
pub(crate) fn script(default_port: u16) -> String {
    format!("bundle exec rackup --env production -p \"${{PORT:-{default_port}}}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_line_sets_the_default_and_leaves_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(CONFIG_RU);
        fs_err::write(&path, "#\\ -w -p 8000\nrequire 'rack'\nrun App\n").expect("write");
        assert_eq!(take_port_line(&path).expect("read"), Some(8000));
        assert_eq!(
            fs_err::read_to_string(&path).expect("read"),
            "require 'rack'\nrun App\n"
        );
        assert_eq!(take_port_line(&path).expect("read"), None);
        assert_eq!(
            fs_err::read_to_string(&path).expect("read"),
            "require 'rack'\nrun App\n"
        );
    }

    #[test]
    fn port_options_as_rack_reads_them() {
        assert_eq!(port_option("#\\ --port 3000"), Some(3000));
        assert_eq!(port_option("#\\ --port=3001 -E production"), Some(3001));
        assert_eq!(port_option("#\\-p3002"), Some(3002));
        assert_eq!(port_option("#\\ -w"), None);
        assert_eq!(port_option("# -p 3000"), None);
        assert_eq!(port_option("#\\ -p 99999"), None);
    }

    #[test]
    fn the_process_reads_port_at_launch() {
        assert_eq!(
            script(DEFAULT_PORT),
            "bundle exec rackup --env production -p \"${PORT:-9292}\""
        );
    }

    #[test]
    fn an_unreadable_config_ru_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = take_port_line(&dir.path().join(CONFIG_RU)).expect_err("missing");
        assert_eq!(error.id, "rackup/config-ru");
    }
}
