//! The app's configuration files: nginx.conf and the files it includes (`include x.conf;`,
//! with `*` and `?` in the last part), followed inside the app. Each is a template; build
//! checks them (`conf_test.rs`) and keeps a copy, from which the exec.d program renders them
//! at launch.

use crate::errors;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

/// What the main file sets itself, so the process adds only what is missing.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct MainDirectives {
    pub daemon: bool,
    pub pid: bool,
}

/// The templates of the app, as paths relative to `app`, the main file first.
pub(crate) fn find(app: &Path, conf: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut pending = vec![conf.to_path_buf()];
    while let Some(file) = pending.pop() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let text = read(&file, app)?;
        let conf_dir = conf.parent().unwrap_or(app);
        for pattern in includes(&text) {
            let absolute = conf_dir.join(&pattern);
            for included in expand(&absolute) {
                if included.starts_with(app) {
                    pending.push(included);
                }
            }
        }
        found.push(file);
    }
    found.sort_by_key(|file| (file != conf, file.clone()));
    Ok(found
        .into_iter()
        .filter_map(|file| file.strip_prefix(app).ok().map(Path::to_path_buf))
        .collect())
}

/// Whether the text sets `daemon` and `pid` (main-context directives, at a line's start).
pub(crate) fn main_directives(text: &str) -> MainDirectives {
    let mut directives = MainDirectives::default();
    for line in text.lines() {
        let line = line.trim_start();
        let word = line
            .split(|c: char| c.is_whitespace() || c == ';')
            .next()
            .unwrap_or_default();
        match word {
            "daemon" => directives.daemon = true,
            "pid" => directives.pid = true,
            _ => {}
        }
    }
    directives
}

pub(crate) fn read(file: &Path, app: &Path) -> Result<String, Error> {
    fs_err::read_to_string(file)
        .map_err(|error| errors::unreadable_conf(file.strip_prefix(app).unwrap_or(file), &error))
}

/// The file patterns of `include` directives, without comments and quotes; templated ones
/// (`{{…}}`) are skipped, their files are not known before launch.
fn includes(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next().unwrap_or_default().trim();
            let rest = line.strip_prefix("include")?;
            if !rest.starts_with(char::is_whitespace) {
                return None;
            }
            let pattern = rest.trim().trim_end_matches(';').trim();
            let pattern = pattern.trim_matches(|c| c == '"' || c == '\'');
            (!pattern.is_empty() && !pattern.contains("{{")).then(|| pattern.to_string())
        })
        .collect()
}

/// The files a pattern names: itself, or with `*`/`?` in its last part, the matching files.
fn expand(pattern: &Path) -> Vec<PathBuf> {
    let name = pattern
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !name.contains(['*', '?']) {
        return if pattern.is_file() {
            vec![pattern.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    let Some(dir) = pattern.parent() else {
        return Vec::new();
    };
    let mut matches: Vec<PathBuf> = fs_err::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| glob_matches(&name, &entry.file_name().to_string_lossy()))
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    matches.sort();
    matches
}

/// `*` matches any run of characters, `?` one character.
fn glob_matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, n));
            p += 1;
        } else if let Some((star_p, star_n)) = star {
            p = star_p + 1;
            n = star_n + 1;
            star = Some((star_p, star_n + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, text).expect("write");
    }

    #[test]
    fn follows_includes_inside_the_app_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = dir.path();
        write(
            &app.join("nginx.conf"),
            "include conf.d/*.conf;\ninclude \"mime.types\";\n# include ignored.conf;\n\
             include /etc/nginx/outside.conf;\ninclude {{env \"X\"}}.conf;\n",
        );
        write(&app.join("conf.d/a.conf"), "include ../nginx.conf;\n");
        write(&app.join("conf.d/b.conf"), "include snippets/*;");
        write(&app.join("conf.d/notes.txt"), "");
        write(&app.join("mime.types"), "types {}");
        write(&app.join("ignored.conf"), "");
        write(&app.join("snippets/gzip"), "gzip on;");
        let files = find(app, &app.join("nginx.conf")).expect("found");
        let shown: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        assert_eq!(
            shown,
            [
                "nginx.conf",
                "conf.d/a.conf",
                "conf.d/b.conf",
                "mime.types",
                "snippets/gzip"
            ]
        );
    }

    #[test]
    fn directives_the_process_must_not_repeat() {
        assert_eq!(
            main_directives("daemon off;\nevents {}\n"),
            MainDirectives {
                daemon: true,
                pid: false
            }
        );
        assert_eq!(
            main_directives("  pid /tmp/x.pid;\n# daemon on;\n"),
            MainDirectives {
                daemon: false,
                pid: true
            }
        );
        assert_eq!(main_directives("daemonize x;"), MainDirectives::default());
    }

    #[test]
    fn globs() {
        assert!(glob_matches("*.conf", "a.conf"));
        assert!(glob_matches("a?c*", "abcdef"));
        assert!(!glob_matches("*.conf", "a.confx"));
        assert!(glob_matches("*", "x"));
    }
}
