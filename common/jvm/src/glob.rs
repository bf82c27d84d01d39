//! Artifact patterns (`BP_EXECUTABLE_JAR_LOCATION`, `BP_MAVEN_BUILT_ARTIFACT`), as Go's
//! `filepath.Glob` reads them (Paketo's): per path component `*` (any run of characters), `?`
//! (one), `[a-z]`/`[^a-z]` (a class) and `\` (escape); no `**`. Matches come sorted by name
//! within each folder.

use std::path::{Path, PathBuf};

/// The existing paths under `root` that `pattern` (`/`-separated, relative to `root`) matches,
/// relative to `root`.
#[must_use]
pub fn glob(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::new()];
    for component in pattern.split('/').filter(|c| !c.is_empty() && *c != ".") {
        let mut next = Vec::new();
        for base in &found {
            if !has_meta(component) {
                let path = base.join(unescape(component));
                if root.join(&path).exists() {
                    next.push(path);
                }
                continue;
            }
            let Ok(entries) = std::fs::read_dir(root.join(base)) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.file_name().into_string().ok())
                .filter(|name| matches(component, name))
                .collect();
            names.sort();
            next.extend(names.into_iter().map(|name| base.join(name)));
        }
        found = next;
    }
    found.retain(|path| !path.as_os_str().is_empty());
    found
}

fn has_meta(component: &str) -> bool {
    component.contains(['*', '?', '[', '\\'])
}

fn unescape(component: &str) -> String {
    let mut out = String::new();
    let mut chars = component.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            c
        });
    }
    out
}

/// Whether `name` matches the one-component `pattern`.
#[must_use]
pub fn matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    match_from(&pattern, &name)
}

fn match_from(pattern: &[char], name: &[char]) -> bool {
    let Some((&first, rest)) = pattern.split_first() else {
        return name.is_empty();
    };
    match first {
        '*' => (0..=name.len()).any(|skip| match_from(rest, &name[skip..])),
        '?' => !name.is_empty() && match_from(rest, &name[1..]),
        '[' => {
            let Some((&c, name_rest)) = name.split_first() else {
                return false;
            };
            match class(rest, c) {
                Some((true, after)) => match_from(after, name_rest),
                _ => false,
            }
        }
        '\\' => match rest.split_first() {
            Some((&escaped, rest)) => {
                name.first() == Some(&escaped) && match_from(rest, &name[1..])
            }
            None => false,
        },
        literal => name.first() == Some(&literal) && match_from(rest, &name[1..]),
    }
}

/// Matches `c` against the class after a `[`; returns whether it matched and the pattern after
/// the `]`, or `None` for a class without its `]` (which matches nothing, as in Go).
fn class(pattern: &[char], c: char) -> Option<(bool, &[char])> {
    let (negated, mut rest) = match pattern.split_first() {
        Some(('^', rest)) => (true, rest),
        _ => (false, pattern),
    };
    let mut matched = false;
    let mut first = true;
    loop {
        let (&low, after) = rest.split_first()?;
        if low == ']' && !first {
            return Some((matched != negated, after));
        }
        first = false;
        let (low, after) = if low == '\\' {
            let (&escaped, after) = after.split_first()?;
            (escaped, after)
        } else {
            (low, after)
        };
        let (high, after) = match after {
            ['-', high, after @ ..] if *high != ']' => (*high, after),
            _ => (low, after),
        };
        matched |= low <= c && c <= high;
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_classes_match_one_component() {
        assert!(matches("*.jar", "app-1.0.jar"));
        assert!(matches("app-?.?.jar", "app-1.0.jar"));
        assert!(!matches("*.jar", "app.jar.original"));
        assert!(matches("app-[0-9]*.jar", "app-2.jar"));
        assert!(!matches("app-[^0-9]*.jar", "app-2.jar"));
        assert!(matches("app-[^0-9]*.jar", "app-x.jar"));
        assert!(matches("[ab]", "b"));
        assert!(matches("\\*.jar", "*.jar"));
        assert!(!matches("\\*.jar", "a.jar"));
        assert!(!matches("[a-", "a"), "a class without `]` matches nothing");
        assert!(matches("*", ""));
    }

    #[test]
    fn finds_files_across_folders_sorted_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in [
            "build/libs/app-plain.jar",
            "build/libs/app.jar",
            "target/app.jar",
            "target/app.jar.original",
        ] {
            let path = dir.path().join(file);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, "").expect("write");
        }
        assert_eq!(
            glob(dir.path(), "*/*/*.jar"),
            vec![
                PathBuf::from("build/libs/app-plain.jar"),
                PathBuf::from("build/libs/app.jar")
            ]
        );
        assert_eq!(
            glob(dir.path(), "./target/app.jar"),
            vec![PathBuf::from("target/app.jar")]
        );
        assert_eq!(
            glob(dir.path(), "*/app.jar"),
            vec![PathBuf::from("target/app.jar")]
        );
        assert!(glob(dir.path(), "target/*.war").is_empty());
        assert!(glob(dir.path(), "missing/*.jar").is_empty());
        assert!(glob(dir.path(), "").is_empty());
    }
}
