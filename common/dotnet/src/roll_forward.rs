//! How a requested SDK or runtime version rolls forward to what the inventory has: ranges
//! tried in order, the highest version in the first range with any match wins.

use crate::DotnetConstraint;
use crate::errors;
use regex::Regex;
use std::sync::LazyLock;
use stowage_kit::Error;
use stowage_kit::inventory::{Dependency, Inventory, Target};

/// global.json's `sdk.rollForward`, Paketo's table (`dotnet_rollforward_resolver.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RollForward {
    Patch,
    LatestPatch,
    Feature,
    LatestFeature,
    Minor,
    LatestMinor,
    Major,
    LatestMajor,
    Disabled,
}

impl RollForward {
    pub const NAMES: [&str; 9] = [
        "patch",
        "latestPatch",
        "feature",
        "latestFeature",
        "minor",
        "latestMinor",
        "major",
        "latestMajor",
        "disabled",
    ];

    /// `None` (no `rollForward`) is `patch`; `disable` and unknown names are errors the caller
    /// attaches the file to.
    pub fn parse(text: Option<&str>) -> Result<Self, Error> {
        let all = [
            Self::Patch,
            Self::LatestPatch,
            Self::Feature,
            Self::LatestFeature,
            Self::Minor,
            Self::LatestMinor,
            Self::Major,
            Self::LatestMajor,
            Self::Disabled,
        ];
        let Some(text) = text else {
            return Ok(Self::Patch);
        };
        Self::NAMES
            .iter()
            .position(|name| *name == text)
            .map(|index| all[index])
            .ok_or_else(|| errors::unknown_roll_forward(text))
    }

    /// The name global.json spells it with.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The ranges for SDK `version` (`M.m.p`, feature band `b = p / 100`), in order.
    #[must_use]
    pub fn sdk_ranges(self, version: &semver::Version) -> Vec<DotnetConstraint> {
        let (major, minor, patch) = (version.major, version.minor, version.patch);
        let band = patch / 100;
        let exact = range(&format!("={version}"));
        let latest_patch = range(&format!(
            ">={version}, <{major}.{minor}.{}",
            (band + 1) * 100
        ));
        let next_feature = range(&format!(
            ">={major}.{minor}.{}, <{major}.{minor}.{}",
            (band + 1) * 100,
            (band + 2) * 100
        ));
        let next_minor = range(&format!(
            ">={major}.{}.100, <{major}.{}.200",
            minor + 1,
            minor + 1
        ));
        let next_major = range(&format!(">={}.0.100, <{}.0.200", major + 1, major + 1));
        match self {
            Self::Patch => vec![exact, latest_patch],
            Self::LatestPatch => vec![latest_patch],
            Self::Feature => vec![latest_patch, next_feature],
            Self::Minor => vec![latest_patch, next_feature, next_minor],
            Self::Major => vec![latest_patch, next_feature, next_minor, next_major],
            Self::LatestFeature => vec![range(&format!(">={version}, {major}.{minor}.*"))],
            Self::LatestMinor => vec![range(&format!(">={version}, {major}.*"))],
            Self::LatestMajor => vec![range(&format!(">={version}"))],
            Self::Disabled => vec![exact],
        }
    }
}

fn range(requirement: &str) -> DotnetConstraint {
    DotnetConstraint::built(requirement.replace(", ", " "), requirement)
}

static ROLLS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+)\.(\d+)\.(\d+|\*)$").unwrap_or_else(|_| unreachable!("valid regex"))
});

/// The ranges for a requested runtime (`runtime_version_resolver.go`): the request itself,
/// then, for `X.Y.Z` and `X.Y.*` when `roll_forward`, `X.Y.*` and `X.*`, never below it.
pub fn runtime_ranges(request: &str, roll_forward: bool) -> Result<Vec<DotnetConstraint>, Error> {
    let text = request.trim();
    let mut ranges = vec![DotnetConstraint::parse(text)?];
    if let (true, Some(parts)) = (roll_forward, ROLLS.captures(text)) {
        let (major, minor) = (&parts[1], &parts[2]);
        let patch = if &parts[3] == "*" { "0" } else { &parts[3] };
        let lowest = format!("{major}.{minor}.{patch}");
        ranges.push(range(&format!(">={lowest}, {major}.{minor}.*")));
        ranges.push(range(&format!(">={lowest}, {major}.*")));
    }
    Ok(ranges)
}

/// The highest `id` fitting `target` in the first of `ranges` that has one. The caller
/// attaches where the request came from.
pub fn resolve_in_order<'a>(
    inventory: &'a Inventory,
    id: &str,
    ranges: &[DotnetConstraint],
    target: &Target,
) -> Result<&'a Dependency, Error> {
    // The kit's error when nothing of `id` exists for this platform at all.
    inventory.resolve(id, &DotnetConstraint::built("*".into(), "*"), target)?;
    if let Some(found) = ranges
        .iter()
        .find_map(|range| inventory.resolve(id, range, target).ok())
    {
        return Ok(found);
    }
    let fitting: Vec<&Dependency> = inventory
        .dependencies
        .iter()
        .filter(|dependency| dependency.id == id && target.fits(dependency))
        .collect();
    let mut versions: Vec<String> = fitting.iter().map(|d| d.version.to_string()).collect();
    versions.sort_by(|a, b| {
        let parse = |v: &str| v.parse::<semver::Version>().ok();
        parse(b).cmp(&parse(a))
    });
    versions.dedup();
    Err(errors::no_version_in_ranges(
        fitting[0].display_name(),
        ranges,
        &versions,
        target,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    /// The real SDK versions of dependency-metadata/dotnet-sdk.toml, and a few around them.
    fn inventory(versions: &[&str]) -> Inventory {
        let mut text = String::new();
        for version in versions {
            let _ = write!(
                text,
                "[[dependencies]]\nid = \"dotnet-sdk\"\nname = \".NET Core SDK\"\nversion = \"{version}\"\n\
                 uri = \"https://x/{version}.tgz\"\nchecksum = \"sha256:{}\"\nos = \"linux\"\narch = \"amd64\"\nstacks = [\"*\"]\n",
                "a".repeat(64)
            );
        }
        toml::from_str(&text).expect("inventory")
    }

    fn sdk(versions: &[&str], global: &str, policy: &str) -> Result<String, Error> {
        let inventory = inventory(versions);
        let ranges = RollForward::parse(Some(policy))?.sdk_ranges(&global.parse().expect("v"));
        let target = Target::new("linux", "amd64", "debian", "12");
        resolve_in_order(&inventory, "dotnet-sdk", &ranges, &target)
            .map(|dependency| dependency.version.to_string())
    }

    const REAL: &[&str] = &["8.0.424", "9.0.317", "10.0.400"];
    const MORE: &[&str] = &[
        "8.0.100", "8.0.120", "8.0.204", "8.0.311", "8.1.105", "8.1.150", "8.2.100", "9.0.101",
        "9.0.150", "9.1.100", "10.0.100",
    ];

    #[test]
    fn patch_is_the_default_exact_first_then_the_same_band() {
        assert_eq!(
            RollForward::parse(None).expect("default"),
            RollForward::Patch
        );
        for name in RollForward::NAMES {
            assert_eq!(RollForward::parse(Some(name)).expect("known").name(), name);
        }
        assert_eq!(sdk(MORE, "8.0.100", "patch").expect("exact"), "8.0.100");
        assert_eq!(sdk(MORE, "8.0.101", "patch").expect("band"), "8.0.120");
        assert!(sdk(MORE, "8.0.121", "patch").is_err());
        assert_eq!(sdk(REAL, "8.0.400", "patch").expect("real"), "8.0.424");
    }

    #[test]
    fn latest_patch_takes_the_newest_in_the_band() {
        assert_eq!(
            sdk(MORE, "8.0.100", "latestPatch").expect("band"),
            "8.0.120"
        );
        assert!(sdk(MORE, "8.0.312", "latestPatch").is_err());
    }

    #[test]
    fn feature_then_the_next_band_only() {
        assert_eq!(
            sdk(MORE, "8.0.121", "feature").expect("next band"),
            "8.0.204"
        );
        assert_eq!(
            sdk(MORE, "8.0.100", "feature").expect("own band"),
            "8.0.120"
        );
        // The band after next is not reached.
        assert!(sdk(MORE, "8.0.205", "feature").is_ok_and(|v| v == "8.0.311"));
        assert!(sdk(&["8.0.311"], "8.0.121", "feature").is_err());
        assert_eq!(
            sdk(REAL, "8.0.300", "feature").expect("next band"),
            "8.0.424"
        );
        assert_eq!(
            sdk(REAL, "8.0.300", "latestFeature").expect("real"),
            "8.0.424"
        );
    }

    #[test]
    fn minor_then_the_next_minor_first_band() {
        assert_eq!(
            sdk(MORE, "8.0.312", "minor").expect("next minor"),
            "8.1.150"
        );
        assert!(sdk(&["8.2.100"], "8.0.312", "minor").is_err());
    }

    #[test]
    fn major_then_the_next_major_first_band() {
        assert_eq!(
            sdk(MORE, "8.2.101", "major").expect("next major"),
            "9.0.150"
        );
        assert!(sdk(REAL, "8.0.425", "major").is_err());
        assert_eq!(
            sdk(&["9.0.150", "9.1.100"], "8.2.101", "major").expect("9.0 band 1"),
            "9.0.150"
        );
    }

    #[test]
    fn latest_feature_minor_major() {
        assert_eq!(
            sdk(MORE, "8.0.100", "latestFeature").expect("8.0"),
            "8.0.311"
        );
        assert_eq!(sdk(MORE, "8.0.100", "latestMinor").expect("8"), "8.2.100");
        assert_eq!(
            sdk(MORE, "8.0.100", "latestMajor").expect("any"),
            "10.0.100"
        );
        assert_eq!(
            sdk(REAL, "8.0.100", "latestMajor").expect("real"),
            "10.0.400"
        );
        assert!(sdk(REAL, "10.0.401", "latestMajor").is_err());
    }

    #[test]
    fn disabled_is_exact_only() {
        assert_eq!(sdk(REAL, "9.0.317", "disabled").expect("exact"), "9.0.317");
        assert!(sdk(REAL, "9.0.316", "disabled").is_err());
    }

    #[test]
    fn disable_and_unknown_policies_are_errors() {
        let disable = RollForward::parse(Some("disable")).expect_err("Microsoft's spelling");
        let unknown = RollForward::parse(Some("Patch")).expect_err("case matters");
        insta::assert_snapshot!(format!("{}\n{}", disable.render(), unknown.render()));
    }

    #[test]
    fn nothing_in_any_range_lists_the_ranges_tried() {
        let error = sdk(REAL, "7.0.100", "patch").expect_err("no 7.0");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn runtime_rolls_forward_to_the_line_then_the_major() {
        let runtimes = |versions: &[&str], request: &str, roll: bool| {
            let mut text = String::new();
            for version in versions {
                let _ = write!(
                    text,
                    "[[dependencies]]\nid = \"dotnet-runtime\"\nversion = \"{version}\"\n\
                     uri = \"https://x/{version}.tgz\"\nchecksum = \"sha256:{}\"\n",
                    "a".repeat(64)
                );
            }
            let inventory: Inventory = toml::from_str(&text).expect("inventory");
            let target = Target::new("linux", "amd64", "debian", "12");
            let ranges = runtime_ranges(request, roll)?;
            resolve_in_order(&inventory, "dotnet-runtime", &ranges, &target)
                .map(|dependency| dependency.version.to_string())
        };
        let have = ["3.1.23", "6.0.5", "8.0.20", "8.0.29", "8.1.2"];
        assert_eq!(runtimes(&have, "8.0.20", true).expect("exact"), "8.0.20");
        assert_eq!(runtimes(&have, "8.0.21", true).expect("line"), "8.0.29");
        assert_eq!(runtimes(&have, "8.0.30", true).expect("major"), "8.1.2");
        assert_eq!(runtimes(&have, "8.0.*", true).expect("line"), "8.0.29");
        assert_eq!(runtimes(&have, "3.1.0", true).expect("3.1"), "3.1.23");
        assert_eq!(runtimes(&have, "*", true).expect("any"), "8.1.2");
        assert!(runtimes(&have, "8.0.21", false).is_err());
        assert!(runtimes(&have, "8.2.0", true).is_err());
        // Roll-forward never goes down nor to the next major.
        assert!(runtimes(&have, "7.0.0", true).is_err());
        assert!(runtimes(&have, "8.3.0", true).is_err());
    }
}
