//! Version constraints as users write them: `BP_NODE_VERSION`, engines.node, .nvmrc
//! (npm ranges) and the other families' `BP_*_VERSION` (Cargo-style semver requirements),
//! matched against the versions an inventory holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_kit::version::{NpmRange, SemverRequirement, VersionConstraint};

const VERSIONS: [&str; 5] = ["0.0.0", "1.2.3", "18.20.4", "22.1.0-rc.1", "4294967295.0.1"];

fn check(constraint: &dyn VersionConstraint) {
    for version in VERSIONS {
        let version = semver::Version::parse(version).expect("a valid version");
        let _ = constraint.matches(&version);
    }
    let _ = constraint.to_string();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(range) = NpmRange::parse(text) {
        check(&range);
    }
    if let Ok(range) = NpmRange::parse_node_version(text) {
        check(&range);
    }
    if let Ok(requirement) = SemverRequirement::parse(text) {
        check(&requirement);
    }
});
