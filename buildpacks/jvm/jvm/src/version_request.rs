//! Which Java the app asks for, first match: `BP_JVM_VERSION`, `.sdkmanrc` `java=`,
//! `system.properties` `java.runtime.version` (Heroku's file), `META-INF/MANIFEST.MF`
//! `Build-Jdk-Spec` then `Build-Jdk`; else the inventory's default. `.sdkmanrc` and the
//! manifest give a major version only. The variable always wins: a jar's manifest says which
//! JDK built it, not which Java the user wants it to run on.

use crate::errors;
use std::fmt::{self, Display};
use std::path::Path;
use stowage_jvm::Manifest;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::version::SemverRequirement;

pub(crate) const VERSION_VARIABLE: &str = "BP_JVM_VERSION";
pub(crate) const SDKMANRC: &str = ".sdkmanrc";
pub(crate) const SYSTEM_PROPERTIES: &str = "system.properties";
pub(crate) const MANIFEST: &str = "META-INF/MANIFEST.MF";

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Variable,
    Sdkmanrc,
    SystemProperties,
    /// The manifest attribute the version came from.
    Manifest(&'static str),
    Default,
}

impl Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Variable => f.write_str(VERSION_VARIABLE),
            Source::Sdkmanrc => f.write_str(SDKMANRC),
            Source::SystemProperties => write!(f, "{SYSTEM_PROPERTIES} java.runtime.version"),
            Source::Manifest(key) => write!(f, "{MANIFEST} {key}"),
            Source::Default => f.write_str("default"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VersionRequest {
    pub version: String,
    pub source: Source,
}

impl VersionRequest {
    /// Names the variable or file the request came from on an error about it.
    pub(crate) fn point_at(&self, error: Error) -> Error {
        match self.source {
            Source::Variable => error.variable(VERSION_VARIABLE),
            Source::Sdkmanrc => error.file(SDKMANRC),
            Source::SystemProperties => error.file(SYSTEM_PROPERTIES),
            Source::Manifest(_) => error.file(MANIFEST),
            Source::Default => error,
        }
    }

    /// The semver requirement: a bare `17` or `17.0` is that line, `17.0.2` exactly that
    /// version, `1.8` is Java 8; anything else is read as a semver range.
    pub(crate) fn constraint(&self) -> Result<SemverRequirement, Error> {
        let text = self.version.trim();
        let text = text
            .strip_prefix("1.")
            .filter(|_| text.starts_with("1.8"))
            .unwrap_or(text);
        let numbers: Vec<&str> = text.split('.').collect();
        let plain = numbers
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
        let requirement = match (plain, numbers.len()) {
            (true, 1 | 2) => format!("{text}.*"),
            (true, 3) => format!("={text}"),
            _ => text.to_string(),
        };
        SemverRequirement::parse(&requirement).map_err(|error| self.point_at(error))
    }

    /// The next major line, which Paketo tries when a manifest names a Java it has no
    /// runtime for (a jar built by a JDK newer than any offered keeps working one up).
    pub(crate) fn next_major(&self) -> Option<Self> {
        let Source::Manifest(_) = self.source else {
            return None;
        };
        let major: u64 = self.version.parse().ok()?;
        Some(Self {
            version: (major + 1).to_string(),
            source: self.source.clone(),
        })
    }
}

/// The app's request, or `None` to take the default. An unreadable file is an error.
pub(crate) fn find(app_dir: &Path, config: &Config) -> Result<Option<VersionRequest>, Error> {
    if let Some(version) = config
        .string(VERSION_VARIABLE)
        .filter(|version| !version.trim().is_empty())
    {
        return Ok(Some(VersionRequest {
            version: version.trim().to_string(),
            source: Source::Variable,
        }));
    }
    if let Some(text) = read_optional(&app_dir.join(SDKMANRC), SDKMANRC)?
        && let Some(version) = sdkmanrc_java(&text)
    {
        return Ok(Some(VersionRequest {
            version,
            source: Source::Sdkmanrc,
        }));
    }
    if let Some(text) = read_optional(&app_dir.join(SYSTEM_PROPERTIES), SYSTEM_PROPERTIES)?
        && let Some(version) = runtime_version_property(&text)
    {
        return Ok(Some(VersionRequest {
            version,
            source: Source::SystemProperties,
        }));
    }
    // A manifest Java cannot read names no version; executable-jar reports it.
    if let Some(text) = read_optional(&app_dir.join(MANIFEST), MANIFEST)?
        && let Ok(manifest) = Manifest::parse(text.as_bytes())
    {
        for key in ["Build-Jdk-Spec", "Build-Jdk"] {
            if let Some(version) = manifest.get(key).and_then(|value| major(value.trim())) {
                return Ok(Some(VersionRequest {
                    version,
                    source: Source::Manifest(key),
                }));
            }
        }
    }
    Ok(None)
}

fn read_optional(path: &Path, name: &str) -> Result<Option<String>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(errors::unreadable_file(name, &error)),
    }
}

/// `java=17.0.2-tem` → `17`.
fn sdkmanrc_java(text: &str) -> Option<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter_map(|line| line.split_once('='))
        .find(|(key, _)| key.trim() == "java")
        .and_then(|(_, value)| major(value.trim()))
}

/// `java.runtime.version` of a Java properties file (`key=value`, `key: value` or `key value`;
/// `#` and `!` comments), without a vendor prefix: `zulu-17.0.2` → `17.0.2`.
fn runtime_version_property(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim_start)
        .filter(|line| !line.starts_with(['#', '!']))
        .find_map(|line| {
            let end = line.find(['=', ':', ' ', '\t'])?;
            let (key, rest) = line.split_at(end);
            let value = rest
                .trim_start_matches([' ', '\t'])
                .trim_start_matches(['=', ':'])
                .trim();
            (key == "java.runtime.version").then_some(value)
        })
        .map(|value| {
            value
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .to_string()
        })
        .filter(|value| !value.is_empty())
}

/// The major version of `17.0.2-tem`, `17`, `1.8.0_292` (8) or `21.0.1 (Oracle)`.
fn major(version: &str) -> Option<String> {
    let digits = |text: &str| -> Option<u64> {
        let end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        text[..end].parse().ok()
    };
    let first = digits(version)?;
    if first == 1 {
        let rest = version.strip_prefix("1.")?;
        return digits(rest).map(|minor| minor.to_string());
    }
    Some(first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, text).expect("write");
        }
        dir
    }

    fn find_with(files: &[(&str, &str)], variable: Option<&str>) -> Option<VersionRequest> {
        let dir = app(files);
        let mut env = Env::new();
        if let Some(value) = variable {
            env.insert(VERSION_VARIABLE, value);
        }
        find(dir.path(), &Config::new(&env)).expect("find")
    }

    const ALL: [(&str, &str); 3] = [
        (".sdkmanrc", "# tools\nmaven=3.9.6\njava=21.0.2-tem\n"),
        (
            "system.properties",
            "# Heroku's file\njava.runtime.version = 17.0.2\nmaven.version=3.9.6\n",
        ),
        (
            "META-INF/MANIFEST.MF",
            "Manifest-Version: 1.0\nBuild-Jdk: 1.8.0_292\nBuild-Jdk-Spec: 11\n",
        ),
    ];

    #[test]
    fn the_variable_beats_sdkmanrc_then_system_properties_then_the_manifest() {
        let request = find_with(&ALL, Some("17")).expect("request");
        assert_eq!(
            (request.version.as_str(), request.source),
            ("17", Source::Variable)
        );
        let request = find_with(&ALL, None).expect("request");
        assert_eq!(
            (request.version.as_str(), request.source),
            ("21", Source::Sdkmanrc)
        );
        let request = find_with(&ALL[1..], None).expect("request");
        assert_eq!(
            (request.version.as_str(), request.source),
            ("17.0.2", Source::SystemProperties)
        );
        let request = find_with(&ALL[2..], None).expect("request");
        assert_eq!(
            (request.version.as_str(), request.source),
            ("11", Source::Manifest("Build-Jdk-Spec"))
        );
    }

    #[test]
    fn build_jdk_counts_when_there_is_no_spec_and_1_8_is_java_8() {
        let request = find_with(&[("META-INF/MANIFEST.MF", "Build-Jdk: 1.8.0_292\n")], None)
            .expect("request");
        assert_eq!(
            (request.version.as_str(), request.source),
            ("8", Source::Manifest("Build-Jdk"))
        );
    }

    #[test]
    fn system_properties_separators_comments_and_vendor_prefixes() {
        for (text, expected) in [
            ("java.runtime.version=21", Some("21")),
            ("java.runtime.version: 1.8", Some("1.8")),
            ("java.runtime.version  zulu-17.0.9", Some("17.0.9")),
            ("# java.runtime.version=11\n! java.runtime.version=11", None),
            ("java.runtime.versions=11\njava.runtime.version=", None),
        ] {
            assert_eq!(
                runtime_version_property(text).as_deref(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn no_source_or_a_blank_variable_means_no_request() {
        assert_eq!(find_with(&[], Some("  ")), None);
        assert_eq!(find_with(&[(".sdkmanrc", "maven=3.9.6\n")], None), None);
        assert_eq!(
            find_with(&[("META-INF/MANIFEST.MF", "Main-Class: App\n")], None),
            None
        );
    }

    fn constraint(version: &str) -> String {
        VersionRequest {
            version: version.to_string(),
            source: Source::Variable,
        }
        .constraint()
        .map_or_else(
            |error| error.render(),
            |constraint| {
                use stowage_kit::version::VersionConstraint;
                ["17.0.2", "17.1.0", "18.0.0", "8.0.492"]
                    .iter()
                    .filter(|v| constraint.matches(&v.parse().expect("version")))
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        )
    }

    #[test]
    fn lines_exact_versions_and_ranges() {
        assert_eq!(constraint("17"), "17.0.2 17.1.0");
        assert_eq!(constraint("17.0"), "17.0.2");
        assert_eq!(constraint("17.1.0"), "17.1.0");
        assert_eq!(constraint("1.8"), "8.0.492");
        assert_eq!(constraint(">=17.1, <19"), "17.1.0 18.0.0");
    }

    #[test]
    fn a_bad_version_names_the_variable() {
        insta::assert_snapshot!(constraint("seventeen"));
    }

    #[test]
    fn only_a_manifest_request_moves_up_a_major() {
        let manifest = VersionRequest {
            version: "24".to_string(),
            source: Source::Manifest("Build-Jdk-Spec"),
        };
        assert_eq!(
            manifest.next_major().map(|next| next.version),
            Some("25".into())
        );
        let variable = VersionRequest {
            version: "24".to_string(),
            source: Source::Variable,
        };
        assert_eq!(variable.next_major(), None);
    }
}
