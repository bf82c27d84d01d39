//! `Gemfile.lock`, as Bundler writes it: sections headed by an unindented name, the locked
//! gems under `specs:` (four spaces: `rack (2.2.22)`), `RUBY VERSION` and `BUNDLED WITH`.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;

pub const GEMFILE_LOCK: &str = "Gemfile.lock";

/// Section headers Bundler writes.
const SECTIONS: &[&str] = &[
    "GEM",
    "GIT",
    "PATH",
    "PLUGIN SOURCE",
    "PLATFORMS",
    "DEPENDENCIES",
    "RUBY VERSION",
    "BUNDLED WITH",
    "CHECKSUMS",
];

/// One locked gem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedGem {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GemfileLock {
    pub gems: Vec<LockedGem>,
    /// `RUBY VERSION`'s version without the patch level (`ruby 3.1.2p20` → `3.1.2`).
    pub ruby_version: Option<String>,
    /// `BUNDLED WITH`'s version.
    pub bundled_with: Option<semver::Version>,
}

impl GemfileLock {
    /// `<app>/Gemfile.lock`, `None` when there is none.
    pub fn read(app_dir: &Path) -> Result<Option<Self>, Error> {
        let path = app_dir.join(GEMFILE_LOCK);
        if !path.exists() {
            return Ok(None);
        }
        let text =
            fs_err::read_to_string(&path).map_err(|error| errors::unreadable(&path, &error))?;
        Self::parse(&text)
            .map(Some)
            .map_err(|error| error.file(&path))
    }

    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut lock = Self::default();
        let mut section: Option<&str> = None;
        let mut in_specs = false;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            if line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') {
                let header = line.trim_end();
                if !SECTIONS.contains(&header) {
                    return Err(errors::lock_malformed(
                        number,
                        line,
                        "not a section Bundler writes",
                    ));
                }
                section = Some(header);
                in_specs = false;
                continue;
            }
            let Some(current) = section else {
                return Err(errors::lock_malformed(
                    number,
                    line,
                    "an indented line before any section",
                ));
            };
            let indent = line.len() - line.trim_start().len();
            match current {
                "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE" => {
                    if indent == 2 {
                        in_specs = line.trim() == "specs:";
                    } else if indent == 4 && in_specs {
                        lock.gems.push(spec(line.trim()).ok_or_else(|| {
                            errors::lock_malformed(
                                number,
                                line,
                                "a gem is written `name (version)`",
                            )
                        })?);
                    }
                }
                "RUBY VERSION" => {
                    let version = line
                        .trim()
                        .strip_prefix("ruby ")
                        .map(|rest| rest.split('p').next().unwrap_or(rest).trim())
                        .filter(|v| v.split('.').all(|p| p.parse::<u64>().is_ok()));
                    let Some(version) = version else {
                        return Err(errors::lock_malformed(
                            number,
                            line,
                            "RUBY VERSION is written `ruby 3.1.2p20`",
                        ));
                    };
                    lock.ruby_version = Some(version.to_string());
                }
                "BUNDLED WITH" => {
                    let version = semver::Version::parse(line.trim())
                        .map_err(|_| errors::bundled_with_invalid(line.trim()))?;
                    lock.bundled_with = Some(version);
                }
                _ => {}
            }
        }
        if section.is_none() {
            return Err(errors::lock_malformed(
                1,
                text.lines().next().unwrap_or(""),
                "no section Bundler writes",
            ));
        }
        Ok(lock)
    }
}

/// `rack (2.2.22)` or `nokogiri (1.15.0-x86_64-linux)`.
fn spec(text: &str) -> Option<LockedGem> {
    let (name, rest) = text.split_once(" (")?;
    let inside = rest.strip_suffix(')')?;
    let version = inside
        .split_once('-')
        .map_or(inside, |(version, _)| version);
    let valid = !name.is_empty()
        && !name.contains(' ')
        && version.starts_with(|c: char| c.is_ascii_digit());
    valid.then(|| LockedGem {
        name: name.to_string(),
        version: version.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.22)\n    \
                        nokogiri (1.15.0-x86_64-linux)\n      racc (~> 1.4)\n\nPLATFORMS\n  x86_64-linux\n\n\
                        DEPENDENCIES\n  rack (~> 2.2)\n\nRUBY VERSION\n   ruby 3.1.2p20\n\n\
                        BUNDLED WITH\n   2.3.15\n";

    #[test]
    fn gems_ruby_and_bundler_are_read() {
        let lock = GemfileLock::parse(LOCK).expect("parses");
        let names: Vec<String> = lock
            .gems
            .iter()
            .map(|g| format!("{} {}", g.name, g.version))
            .collect();
        assert_eq!(names, ["rack 2.2.22", "nokogiri 1.15.0"]);
        assert_eq!(lock.ruby_version.as_deref(), Some("3.1.2"));
        assert_eq!(lock.bundled_with, Some(semver::Version::new(2, 3, 15)));
    }

    #[test]
    fn malformed_locks_say_where() {
        let rendered: Vec<String> = [
            LOCK.replace("    rack (2.2.22)", "    rack 2.2.22"),
            LOCK.replace("   2.3.15", "   two"),
            LOCK.replace("PLATFORMS", "<<<<<<< HEAD"),
            "  rack (1.0)\n".to_string(),
            String::new(),
        ]
        .iter()
        .map(|text| GemfileLock::parse(text).expect_err("malformed").render())
        .collect();
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }

    #[test]
    fn a_missing_lock_is_none_and_a_broken_one_names_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(GemfileLock::read(dir.path()).expect("none"), None);
        fs_err::write(dir.path().join(GEMFILE_LOCK), "BUNDLED WITH\n   x\n").expect("write");
        let error = GemfileLock::read(dir.path()).expect_err("broken");
        assert!(
            error.render().contains("Gemfile.lock"),
            "{}",
            error.render()
        );
    }
}
