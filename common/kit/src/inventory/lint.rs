//! Checks a dependency metadata file beyond its schema, listing every problem found.

use super::{Dependency, DependencyConstraint, Inventory};
use crate::version::{NpmRange, VersionConstraint};
use cyclonedx_bom::external_models::spdx::{SpdxExpression, SpdxIdentifier};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// `pkg:type/[namespace/]name@version[?key=value&…][#subpath]`.
static PURL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^pkg:[A-Za-z][A-Za-z0-9.+-]*/(?:[^/@?#\s]+/)*[^/@?#\s]+@[^@?#\s]+(?:\?[A-Za-z][A-Za-z0-9._-]*=[^&#\s]+(?:&[A-Za-z][A-Za-z0-9._-]*=[^&#\s]+)*)?(?:#\S+)?$",
    )
    .expect("valid regex")
});

/// Every problem in a metadata file (TOML text), one line each, naming the entry. Empty when
/// the file is fine. Constraints are read as npm ranges, a superset of the wildcard forms
/// (`22.*`, `2.x.x`, `*`) metadata uses.
#[must_use]
pub fn lint(text: &str) -> Vec<String> {
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => return vec![format!("not valid TOML: {error}")],
    };
    let mut problems = Vec::new();
    let inventory = Inventory {
        dependencies: entries(&table, &mut problems),
        default_versions: field(&table, "default-versions", &mut problems),
        dependency_constraints: field(&table, "dependency-constraints", &mut problems),
    };
    check_duplicates(&inventory.dependencies, &mut problems);
    for dependency in &inventory.dependencies {
        problems.extend(
            entry_problems(dependency)
                .into_iter()
                .map(|problem| format!("{}: {problem}", label(dependency))),
        );
    }
    check_constraints(&inventory, &mut problems);
    problems
}

/// Deserializes each entry on its own, so one bad entry does not hide the others.
fn entries(table: &toml::Table, problems: &mut Vec<String>) -> Vec<Dependency> {
    let Some(toml::Value::Array(items)) = table.get("dependencies") else {
        problems.push("no [[dependencies]] entries".to_string());
        return Vec::new();
    };
    let mut dependencies = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item.clone().try_into::<Dependency>() {
            Ok(dependency) => dependencies.push(dependency),
            Err(error) => problems.push(format!("dependencies[{index}]: {}", error.message())),
        }
    }
    dependencies
}

fn field<T: serde::de::DeserializeOwned + Default>(
    table: &toml::Table,
    key: &str,
    problems: &mut Vec<String>,
) -> T {
    let Some(value) = table.get(key) else {
        return T::default();
    };
    value
        .clone()
        .try_into()
        .unwrap_or_else(|error: toml::de::Error| {
            problems.push(format!("{key}: {}", error.message()));
            T::default()
        })
}

fn label(dependency: &Dependency) -> String {
    format!(
        "{} {} {}/{} [{}]",
        dependency.id,
        dependency.version,
        dependency.os.as_deref().unwrap_or("*"),
        dependency.arch.as_deref().unwrap_or("*"),
        dependency.stacks.join(", ")
    )
}

fn check_duplicates(dependencies: &[Dependency], problems: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for dependency in dependencies {
        let mut stacks = dependency.stacks.clone();
        stacks.sort();
        let key = (
            &dependency.id,
            &dependency.version,
            &dependency.os,
            &dependency.arch,
            stacks,
        );
        if !seen.insert(key) {
            problems.push(format!("{}: listed more than once", label(dependency)));
        }
    }
}

/// Checksums are already checked by their type while parsing.
fn entry_problems(dependency: &Dependency) -> Vec<String> {
    let mut problems = Vec::new();
    let urls = [
        ("uri", Some(&dependency.uri)),
        ("source", dependency.source.as_ref()),
    ];
    for (key, url) in urls {
        if let Some(url) = url.filter(|url| !url.starts_with("https://")) {
            problems.push(format!("{key} `{url}` is not an https:// URL"));
        }
    }
    if let Some(cpe) = dependency.cpe.as_ref().filter(|cpe| !is_cpe23(cpe)) {
        problems.push(format!(
            "cpe `{cpe}` is not CPE 2.3 (`cpe:2.3:` and 11 more `:`-separated parts)"
        ));
    }
    if let Some(purl) = dependency.purl.as_ref().filter(|purl| !PURL.is_match(purl)) {
        problems.push(format!(
            "purl `{purl}` is not `pkg:<type>/<name>@<version>[?qualifiers]`"
        ));
    }
    for license in dependency.licenses.iter().filter(|l| !is_license(l)) {
        problems.push(format!(
            "license `{license}` is not an SPDX id or expression"
        ));
    }
    if let Some(date) = &dependency.deprecation_date
        && OffsetDateTime::parse(date, &Rfc3339).is_err()
    {
        problems.push(format!("deprecation_date `{date}` is not RFC 3339"));
    }
    problems
}

fn check_constraints(inventory: &Inventory, problems: &mut Vec<String>) {
    let defaults = inventory
        .default_versions
        .iter()
        .map(|(id, constraint)| (format!("default-versions.{id}"), id, constraint));
    let lines = inventory.dependency_constraints.iter().map(
        |DependencyConstraint { id, constraint, .. }| {
            (format!("dependency-constraints {id}"), id, constraint)
        },
    );
    for (place, id, constraint) in defaults.chain(lines) {
        match NpmRange::parse(constraint) {
            Err(_) => problems.push(format!("{place}: `{constraint}` is not a version range")),
            Ok(range) => {
                let matched = inventory
                    .dependencies
                    .iter()
                    .any(|d| d.id == *id && range.matches(&d.version));
                if !matched {
                    problems.push(format!("{place}: `{constraint}` matches no {id} entry"));
                }
            }
        }
    }
    let mut lines_seen = HashSet::new();
    for line in &inventory.dependency_constraints {
        if line.patches == 0 {
            problems.push(format!(
                "dependency-constraints {} `{}`: patches must be at least 1",
                line.id, line.constraint
            ));
        }
        if !lines_seen.insert((&line.id, &line.constraint)) {
            problems.push(format!(
                "dependency-constraints {} `{}`: listed more than once",
                line.id, line.constraint
            ));
        }
    }
}

/// `cpe:2.3:<part>:` and ten more components; `\:` escapes a colon inside a component.
fn is_cpe23(cpe: &str) -> bool {
    let mut parts = vec![String::new()];
    let mut chars = cpe.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    return false;
                };
                parts
                    .last_mut()
                    .expect("never empty")
                    .extend(['\\', escaped]);
            }
            ':' => parts.push(String::new()),
            c => parts.last_mut().expect("never empty").push(c),
        }
    }
    parts.len() == 13
        && parts[0] == "cpe"
        && parts[1] == "2.3"
        && matches!(parts[2].as_str(), "a" | "o" | "h")
        && parts[3..]
            .iter()
            .all(|part| !part.is_empty() && !part.contains(char::is_whitespace))
}

/// An SPDX license expression (deprecated ids allowed), or one of two forms license scanners
/// report: `deprecated_<id>` (the SPDX list's file name for a deprecated id) and a bare
/// exception id (the exception's text was found on its own).
fn is_license(text: &str) -> bool {
    if let Some(id) = text.strip_prefix("deprecated_") {
        return SpdxIdentifier::try_from(id.to_string()).is_ok();
    }
    SpdxExpression::try_from(text.to_string()).is_ok()
        || (!text.contains(char::is_whitespace)
            && SpdxExpression::try_from(format!("MIT WITH {text}")).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKSUM: &str =
        "sha256:deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad";

    /// A valid entry for `version`; `replace` swaps the line starting with `.0` for `.1`.
    fn entry(version: &str, replace: Option<(&str, &str)>) -> String {
        let mut lines = vec![
            "[[dependencies]]".to_string(),
            "id = \"node\"".to_string(),
            format!("version = \"{version}\""),
            format!("uri = \"https://nodejs.org/dist/v{version}/node.tar.xz\""),
            format!("checksum = \"{CHECKSUM}\""),
            format!("source = \"https://nodejs.org/dist/v{version}/node.tar.gz\""),
            format!("source-checksum = \"{CHECKSUM}\""),
            "os = \"linux\"".to_string(),
            "arch = \"amd64\"".to_string(),
            "stacks = [\"*\"]".to_string(),
            format!("cpe = \"cpe:2.3:a:nodejs:node.js:{version}:*:*:*:*:*:*:*\""),
            format!(
                "purl = \"pkg:generic/node@v{version}?checksum={CHECKSUM}&download_url=https://nodejs.org/x\""
            ),
            LICENSES.to_string(),
            "deprecation_date = \"2027-04-30T00:00:00Z\"".to_string(),
        ];
        if let Some((start, new)) = replace {
            let line = lines
                .iter_mut()
                .find(|line| line.starts_with(start))
                .expect("field to replace");
            *line = new.to_string();
        }
        lines.join("\n") + "\n\n"
    }

    /// Real-world forms that must pass: a non-standard SPDX id, a scanner's `deprecated_` form,
    /// a bare exception id, and an expression.
    const LICENSES: &str = r#"licenses = ["MIT", "MIT-feh", "deprecated_BSD-2-Clause-NetBSD", "Bison-exception-2.2", "MIT OR Apache-2.0"]"#;

    const HEADER: &str = "dependency-constraints = [{ id = \"node\", constraint = \"22.*\", patches = 2 }]\n\n\
                          [default-versions]\nnode = \"22.*.*\"\n\n";

    #[test]
    fn a_good_file_has_no_problems() {
        let text = format!("{HEADER}{}{}", entry("22.1.0", None), entry("22.2.0", None));
        assert_eq!(lint(&text), Vec::<String>::new());
    }

    /// (version, line to replace, replacement, expected problem)
    const BAD_ENTRIES: &[(&str, &str, &str, &str)] = &[
        ("1.0.0", "os", "colour = \"red\"", "unknown field `colour`"),
        (
            "1.0.1",
            "checksum",
            "checksum = \"sha256:abc\"",
            "`sha256:abc` is not a checksum",
        ),
        (
            "1.0.2",
            "source-checksum",
            "source-checksum = \"md5:1\"",
            "`md5:1` is not a checksum",
        ),
        (
            "1.0.3",
            "version",
            "version = \"1.0\"",
            "unexpected end of input",
        ),
        (
            "1.0.4",
            "uri",
            "uri = \"http://x.org/a\"",
            "uri `http://x.org/a` is not an https:// URL",
        ),
        (
            "1.0.5",
            "source ",
            "source = \"ftp://x.org/a\"",
            "source `ftp://x.org/a` is not an https:// URL",
        ),
        (
            "1.0.6",
            "cpe",
            "cpe = \"cpe:2.3:a:nodejs:node.js:1.0.6\"",
            "is not CPE 2.3",
        ),
        (
            "1.0.7",
            "cpe",
            "cpe = \"cpe:/a:nodejs:node.js:1.0.7\"",
            "is not CPE 2.3",
        ),
        (
            "1.0.8",
            "purl",
            "purl = \"pkg:generic/node\"",
            "purl `pkg:generic/node` is not",
        ),
        (
            "1.0.9",
            "purl",
            "purl = \"node@1.0.9\"",
            "purl `node@1.0.9` is not",
        ),
        (
            "1.1.0",
            "licenses",
            "licenses = [\"MIT\", \"NOT-A-LICENSE\"]",
            "license `NOT-A-LICENSE` is not",
        ),
        (
            "1.1.1",
            "licenses",
            "licenses = [\"deprecated_NOPE\"]",
            "license `deprecated_NOPE` is not",
        ),
        (
            "1.1.2",
            "deprecation_date",
            "deprecation_date = \"2027-04-30\"",
            "`2027-04-30` is not RFC 3339",
        ),
    ];

    #[test]
    fn lists_every_kind_of_bad_entry() {
        let mut text = String::from("[default-versions]\nnode = \"22.*.*\"\nnpm = \"10\"\n\n");
        text.push_str(&entry("22.1.0", None));
        text.push_str(&entry("22.1.0", None));
        for (version, start, new, _) in BAD_ENTRIES {
            text.push_str(&entry(version, Some((start, new))));
        }
        text.push_str(
            "[[dependency-constraints]]\nid = \"node\"\nconstraint = \"30.*\"\npatches = 0\n\n\
             [[dependency-constraints]]\nid = \"node\"\nconstraint = \"nope\"\npatches = 1\n",
        );
        let problems = lint(&text);
        let mut expected: Vec<&str> = BAD_ENTRIES.iter().map(|case| case.3).collect();
        expected.extend([
            "node 22.1.0 linux/amd64 [*]: listed more than once",
            "default-versions.npm: `10` matches no npm entry",
            "dependency-constraints node: `30.*` matches no node entry",
            "dependency-constraints node `30.*`: patches must be at least 1",
            "dependency-constraints node: `nope` is not a version range",
        ]);
        for problem in &expected {
            assert!(
                problems.iter().any(|p| p.contains(problem)),
                "missing `{problem}` in:\n{}",
                problems.join("\n")
            );
        }
        assert_eq!(problems.len(), expected.len(), "{}", problems.join("\n"));
        insta::assert_snapshot!(problems.join("\n"));
    }

    #[test]
    fn bad_top_level_fields() {
        let text = format!(
            "{}[default-versions]\nnode = 22\n\n[[dependency-constraints]]\nid = \"node\"\n",
            entry("22.1.0", None)
        );
        let problems = lint(&text);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("default-versions: "),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("dependency-constraints: "),
            "{problems:?}"
        );
    }

    #[test]
    fn not_toml_or_no_entries() {
        assert_eq!(lint("[[dependencies]\n").len(), 1);
        assert_eq!(
            lint("[default-versions]\n"),
            ["no [[dependencies]] entries"]
        );
    }

    #[test]
    fn cpe_syntax() {
        assert!(is_cpe23("cpe:2.3:a:oracle:jdk:1.8.0:update492:*:*:*:*:*:*"));
        assert!(is_cpe23(r"cpe:2.3:a:vendor:prod\:uct:1.0:*:*:*:*:*:*:*"));
        assert!(!is_cpe23("cpe:2.3:x:nodejs:node.js:1:*:*:*:*:*:*:*"));
        assert!(!is_cpe23("cpe:2.3:a:nodejs:node.js:1:*:*:*:*:*:*:*:*"));
        assert!(!is_cpe23("cpe:2.3:a:nodejs::1:*:*:*:*:*:*:*"));
    }

    #[test]
    fn license_ids() {
        for good in [
            "MIT",
            "GPL-2.0",
            "deprecated_GPL-2.0+",
            "Bison-exception-2.2",
            "Apache-2.0 AND MIT",
        ] {
            assert!(is_license(good), "{good}");
        }
        for bad in [
            "NOT-A-LICENSE",
            "mit license",
            "deprecated_",
            "MIT AND",
            "NOT-AN-exception",
        ] {
            assert!(!is_license(bad), "{bad}");
        }
    }
}
