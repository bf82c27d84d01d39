//! `.ruby-version`: the first `N[.N[.N]]` in it (`ruby-3.1.2` and `3.1` both work).

use std::path::Path;

pub const RUBY_VERSION_FILE: &str = ".ruby-version";

/// The version the file names, if it names one.
#[must_use]
pub fn parse(text: &str) -> Option<String> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let version: Vec<&str> = rest[..end]
        .split('.')
        .take(3)
        .take_while(|part| !part.is_empty())
        .collect();
    Some(version.join("."))
}

/// The version `<app>/.ruby-version` names; none when it is missing or names none.
#[must_use]
pub fn read(app_dir: &Path) -> Option<String> {
    fs_err::read_to_string(app_dir.join(RUBY_VERSION_FILE))
        .ok()
        .and_then(|text| parse(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_version_counts() {
        assert_eq!(parse("3.1.2\n").as_deref(), Some("3.1.2"));
        assert_eq!(parse("ruby-3.1\n").as_deref(), Some("3.1"));
        assert_eq!(parse("3.1.2.1").as_deref(), Some("3.1.2"));
        assert_eq!(parse("system\n"), None);
    }
}
