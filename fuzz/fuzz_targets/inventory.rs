//! Dependency metadata (`[metadata]` of buildpack.toml, `dependency-metadata/*.toml`, and what
//! an operator's `--inventory` override holds): parsed, linted and resolved.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_kit::checksum::Checksum;
use stowage_kit::inventory::{Inventory, Target, lint};
use stowage_kit::version::NpmRange;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = lint(text);
    let _ = text.parse::<Checksum>();
    let Ok(inventory) = toml::from_str::<Inventory>(text) else {
        return;
    };
    let target = Target::new("linux", "amd64", "debian", "12");
    let any = NpmRange::parse("*").expect("a valid range");
    for dependency in &inventory.dependencies {
        let _ = inventory.default_version(&dependency.id);
        let _ = inventory.resolve(&dependency.id, &any, &target);
        let _ = dependency.display_name();
    }
});
