//! Picking the newest entry that fits the platform and the app's version constraint.

use super::{Dependency, Inventory, Target};
use crate::Error;
use crate::fetch::redact;
use crate::output::DebugLog;
use crate::version::VersionConstraint;

impl Inventory {
    /// The highest version of `id` that fits `target` and satisfies `constraint`. When
    /// versions are equal, the entry listed first wins.
    pub fn resolve(
        &self,
        id: &str,
        constraint: &dyn VersionConstraint,
        target: &Target,
    ) -> Result<&Dependency, Error> {
        let fitting: Vec<&Dependency> = self
            .dependencies
            .iter()
            .filter(|dependency| dependency.id == id && target.fits(dependency))
            .collect();
        if fitting.is_empty() {
            return Err(self.unsupported_platform(id, target));
        }
        fitting
            .iter()
            .filter(|dependency| constraint.matches(&dependency.version))
            .fold(None, |best: Option<&Dependency>, dependency| match best {
                Some(best) if best.version >= dependency.version => Some(best),
                _ => Some(dependency),
            })
            .ok_or_else(|| self.no_matching_version(id, constraint, target, &fitting))
    }

    /// [`Inventory::resolve`], telling `log` the versions it chose from and the whole entry
    /// it chose (for `BP_LOG_LEVEL=DEBUG`).
    pub fn resolve_with_debug(
        &self,
        id: &str,
        constraint: &dyn VersionConstraint,
        target: &Target,
        log: &mut dyn DebugLog,
    ) -> Result<&Dependency, Error> {
        let versions = |matching: &dyn Fn(&Dependency) -> bool| {
            let listed: Vec<String> = self
                .dependencies
                .iter()
                .filter(|dependency| dependency.id == id && matching(dependency))
                .map(|dependency| dependency.version.to_string())
                .collect();
            if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            }
        };
        log.debug(&format!(
            "Resolving {id} `{constraint}` for {target}\n  \
             entries for this platform: {}\n  \
             of these, matching: {}",
            versions(&|dependency| target.fits(dependency)),
            versions(
                &|dependency| target.fits(dependency) && constraint.matches(&dependency.version)
            ),
        ));
        let resolved = self.resolve(id, constraint, target)?;
        log.debug(&format!(
            "Resolved dependency entry:\n{}",
            describe(resolved)
        ));
        Ok(resolved)
    }

    fn no_matching_version(
        &self,
        id: &str,
        constraint: &dyn VersionConstraint,
        target: &Target,
        fitting: &[&Dependency],
    ) -> Error {
        let mut versions: Vec<&semver::Version> = fitting.iter().map(|d| &d.version).collect();
        versions.sort_unstable_by(|a, b| b.cmp(a));
        versions.dedup();
        let listed: Vec<String> = versions.iter().map(|v| format!("  {v}")).collect();
        // Suggest a release, not a pre-release: a line such as `26` would not pick the latter.
        let newest = versions
            .iter()
            .find(|version| version.pre.is_empty())
            .unwrap_or(&versions[0]);
        let mut body = format!(
            "Versions available for {target}, newest first:\n{}\n\n\
             Ask for one of these: an exact version such as `{newest}`, or a line such as `{}`, \
             which picks its newest patch.",
            listed.join("\n"),
            newest.major,
        );
        if let Some(default) = self.default_version(id) {
            body = format!("{body}\nOr ask for nothing to get the default, `{default}`.");
        }
        Error::new(
            "inventory/no-matching-version",
            format!(
                "No {} version matches `{constraint}`",
                fitting[0].display_name()
            ),
            body,
        )
    }

    fn unsupported_platform(&self, id: &str, target: &Target) -> Error {
        let mut platforms: Vec<String> = self
            .dependencies
            .iter()
            .filter(|dependency| dependency.id == id)
            .map(platform)
            .collect();
        platforms.sort();
        platforms.dedup();
        if platforms.is_empty() {
            return Error::new(
                "inventory/unsupported-platform",
                format!("This buildpack carries no `{id}` for any platform"),
                format!(
                    "Its dependency metadata has no `{id}` entries, so it cannot install {id} \
                     for {target}. This is a bug in how the buildpack was packaged: please \
                     report it."
                ),
            );
        }
        Error::new(
            "inventory/unsupported-platform",
            format!("No `{id}` is available for {target}"),
            format!(
                "This buildpack carries `{id}` only for:\n{}\n\n\
                 Build for one of these platforms, or use a builder whose images are one of \
                 these distributions.",
                platforms.join("\n")
            ),
        )
    }
}

/// The entry as `buildpack.toml` would list it, indented, with URI credentials masked.
fn describe(dependency: &Dependency) -> String {
    let shown = Dependency {
        uri: redact(&dependency.uri),
        source: dependency.source.as_deref().map(redact),
        ..dependency.clone()
    };
    toml::to_string(&shown)
        .unwrap_or_else(|error| format!("(cannot be shown: {error})"))
        .lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn platform(dependency: &Dependency) -> String {
    let os = dependency.os.as_deref().unwrap_or("any os");
    let arch = dependency.arch.as_deref().unwrap_or("any arch");
    let stacks = if dependency.stacks.is_empty() {
        "*".to_string()
    } else {
        dependency.stacks.join(", ")
    };
    format!("  {os}/{arch}, stacks: {stacks}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::{NpmRange, SemverRequirement};

    fn entry(version: &str, arch: &str, stacks: &[&str]) -> String {
        let stacks: Vec<String> = stacks.iter().map(|s| format!("\"{s}\"")).collect();
        format!(
            "[[dependencies]]\nid = \"node\"\nname = \"Node Engine\"\nversion = \"{version}\"\n\
             uri = \"https://example.org/node-{version}-{arch}.tar.xz\"\n\
             checksum = \"sha256:{}\"\nos = \"linux\"\narch = \"{arch}\"\nstacks = [{}]\n\n",
            "a".repeat(64),
            stacks.join(", ")
        )
    }

    fn inventory() -> Inventory {
        let mut text = String::from("[default-versions]\nnode = \"22.*.*\"\n\n");
        for version in ["20.19.0", "22.11.0", "22.12.0", "24.1.0", "26.0.0-rc.1"] {
            text.push_str(&entry(version, "amd64", &["*"]));
        }
        text.push_str(&entry("22.10.0", "arm64", &["*"]));
        text.push_str(&entry("24.2.0", "amd64", &["io.buildpacks.stacks.noble"]));
        text.push_str(&entry("24.3.0", "amd64", &["io.example.stacks.custom"]));
        toml::from_str(&text).expect("valid inventory")
    }

    fn noble_amd64() -> Target {
        Target::new("linux", "amd64", "ubuntu", "24.04")
    }

    fn resolve(range: &str, target: &Target) -> Result<String, Error> {
        let range = NpmRange::parse(range).expect("valid range");
        let inventory = inventory();
        inventory
            .resolve("node", &range, target)
            .map(|dependency| format!("{} {}", dependency.version, dependency.uri))
    }

    #[test]
    fn picks_the_highest_matching_version() {
        let bookworm = Target::new("linux", "amd64", "debian", "12");
        assert!(
            resolve("22", &bookworm)
                .expect("found")
                .starts_with("22.12.0 ")
        );
        assert!(
            resolve("*", &bookworm)
                .expect("found")
                .starts_with("24.1.0 ")
        );
        assert!(
            resolve("~22.11", &bookworm)
                .expect("found")
                .starts_with("22.11.0 ")
        );
    }

    #[test]
    fn takes_any_constraint_type() {
        let inventory = inventory();
        let requirement = SemverRequirement::parse(">=20, <22").expect("valid");
        let found = inventory
            .resolve("node", &requirement, &noble_amd64())
            .expect("found");
        assert_eq!(found.version.to_string(), "20.19.0");
    }

    #[test]
    fn filters_by_arch() {
        let arm64 = Target::new("linux", "arm64", "ubuntu", "24.04");
        assert!(resolve("*", &arm64).expect("found").starts_with("22.10.0 "));
        let aarch64 = Target::new("linux", "aarch64", "ubuntu", "24.04");
        assert!(
            resolve("*", &aarch64)
                .expect("found")
                .ends_with("-arm64.tar.xz")
        );
        assert!(
            resolve("*", &noble_amd64())
                .expect("found")
                .ends_with("-amd64.tar.xz")
        );
    }

    #[test]
    fn filters_by_stack_and_distro() {
        assert!(
            resolve("24", &noble_amd64())
                .expect("found")
                .starts_with("24.2.0 ")
        );
        let jammy = Target::new("linux", "amd64", "ubuntu", "22.04");
        assert!(resolve("24", &jammy).expect("found").starts_with("24.1.0 "));
        let custom = jammy.with_stack_id("io.example.stacks.custom");
        assert!(
            resolve("24", &custom)
                .expect("found")
                .starts_with("24.3.0 ")
        );
    }

    #[test]
    fn never_picks_a_pre_release_for_a_plain_range() {
        assert!(
            resolve(">=24", &noble_amd64())
                .expect("found")
                .starts_with("24.2.0 ")
        );
    }

    #[test]
    fn default_versions() {
        let inventory = inventory();
        assert_eq!(inventory.default_version("node"), Some("22.*.*"));
        assert_eq!(inventory.default_version("npm"), None);
    }

    /// Debug lines, collected.
    #[derive(Default)]
    struct Lines(Vec<String>);

    impl DebugLog for Lines {
        fn debug(&mut self, text: &str) {
            self.0.push(text.to_string());
        }
    }

    #[test]
    fn resolving_with_debug_lists_the_candidates_and_the_chosen_entry() {
        let inventory = inventory();
        let range = NpmRange::parse("22").expect("valid range");
        let mut lines = Lines::default();
        let bookworm = Target::new("linux", "amd64", "debian", "12");
        let found = inventory
            .resolve_with_debug("node", &range, &bookworm, &mut lines)
            .expect("found");
        assert_eq!(found.version.to_string(), "22.12.0");
        insta::assert_snapshot!(lines.0.join("\n"));
    }

    #[test]
    fn resolving_with_debug_lists_the_candidates_when_none_matches() {
        let inventory = inventory();
        let range = NpmRange::parse("^30").expect("valid range");
        let mut lines = Lines::default();
        let error = inventory
            .resolve_with_debug("node", &range, &noble_amd64(), &mut lines)
            .expect_err("no match");
        assert_eq!(error.id, "inventory/no-matching-version");
        assert_eq!(lines.0.len(), 1, "{:?}", lines.0);
        assert!(
            lines.0[0].ends_with("of these, matching: none"),
            "{:?}",
            lines.0
        );
    }

    #[test]
    fn no_matching_version() {
        let error = resolve("^30", &noble_amd64()).expect_err("no match");
        assert_eq!(error.id, "inventory/no-matching-version");
        insta::assert_snapshot!(error.variable("BP_NODE_VERSION").render());
    }

    #[test]
    fn unsupported_platform() {
        let target = Target::new("linux", "s390x", "ubuntu", "24.04");
        let error = resolve("*", &target).expect_err("no platform");
        assert_eq!(error.id, "inventory/unsupported-platform");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn unknown_dependency() {
        let range = NpmRange::parse("*").expect("valid");
        let error = inventory()
            .resolve("deno", &range, &noble_amd64())
            .expect_err("absent");
        assert_eq!(error.id, "inventory/unsupported-platform");
        insta::assert_snapshot!(error.render());
    }
}
