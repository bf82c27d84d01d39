//! The `Gemfile`: Ruby code, read as Paketo's buildpacks read it, line by line.

/// The app's Gemfile name.
pub const GEMFILE: &str = "Gemfile";

/// The requirement of the first `ruby '<op>N[.N[.N]]'` line (`~> 3.1`, `3.1.2`), as written.
#[must_use]
pub fn ruby_directive(gemfile: &str) -> Option<String> {
    gemfile.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("ruby")?;
        let rest = rest.strip_prefix(|c: char| c.is_whitespace() || c == '(')?;
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let inner = &rest[1..];
        let value = &inner[..inner.find(quote)?];
        let version = value.trim_start_matches(['~', '>', '<', '=', '!', ' ']);
        let well_formed = !version.is_empty()
            && version.split('.').count() <= 3
            && version
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        well_formed.then(|| value.trim().to_string())
    })
}

/// Whether a line starts with `gem '<name>'` (either quote), indented or not, as puma's
/// and rake's detect read it.
#[must_use]
pub fn has_gem(gemfile: &str, name: &str) -> bool {
    gemfile
        .lines()
        .any(|line| names_gem(line.trim_start(), name))
}

/// Whether an unindented line starts with `gem '<name>'`, as thin's, unicorn's and
/// passenger's detect read it (Paketo's `^gem`).
#[must_use]
pub fn has_unindented_gem(gemfile: &str, name: &str) -> bool {
    gemfile.lines().any(|line| names_gem(line, name))
}

/// The app's Gemfile names `name` ([`has_gem`] or, `unindented`, [`has_unindented_gem`]);
/// an unreadable or missing Gemfile names nothing.
#[must_use]
pub fn app_has_gem(app_dir: &std::path::Path, name: &str, unindented: bool) -> bool {
    let Ok(gemfile) = fs_err::read_to_string(app_dir.join(GEMFILE)) else {
        return false;
    };
    if unindented {
        has_unindented_gem(&gemfile, name)
    } else {
        has_gem(&gemfile, name)
    }
}

fn names_gem(line: &str, name: &str) -> bool {
    let Some(rest) = line.strip_prefix("gem") else {
        return false;
    };
    let rest = rest.trim_start();
    [format!("'{name}'"), format!("\"{name}\"")]
        .iter()
        .any(|quoted| rest.starts_with(quoted.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_ruby_line_with_a_version_counts() {
        let gemfile = "source 'https://rubygems.org'\n# ruby '2.7'\nruby \"~> 3.1\"\nruby '3.2'\n";
        assert_eq!(ruby_directive(gemfile).as_deref(), Some("~> 3.1"));
        assert_eq!(ruby_directive("  ruby '3.1.2'\n").as_deref(), Some("3.1.2"));
        assert_eq!(ruby_directive("ruby '>= 3.0'").as_deref(), Some(">= 3.0"));
        assert_eq!(ruby_directive("ruby file: '.ruby-version'"), None);
        assert_eq!(ruby_directive("rubyish '3.1'"), None);
        assert_eq!(ruby_directive("gem 'rack'"), None);
    }

    #[test]
    fn gems_are_found_at_the_start_of_a_line() {
        let gemfile = "gem 'rack', '~> 2.2'\n  gem \"webrick\"\n# gem 'puma'\ngem 'puma-x'\n";
        assert!(has_gem(gemfile, "rack"));
        assert!(has_gem(gemfile, "webrick"));
        assert!(!has_gem(gemfile, "puma"));
        assert!(has_unindented_gem(gemfile, "rack"));
        assert!(!has_unindented_gem(gemfile, "webrick"));
    }

    #[test]
    fn an_app_without_a_readable_gemfile_names_no_gem() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(!app_has_gem(dir.path(), "puma", false));
        fs_err::write(dir.path().join(GEMFILE), "  gem 'puma'\n").expect("write");
        assert!(app_has_gem(dir.path(), "puma", false));
        assert!(!app_has_gem(dir.path(), "puma", true));
    }
}
