//! npm's record of what it installed (`node_modules/.package-lock.json`), read for the SBOM.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_fuzz::project_with;

fuzz_target!(|data: &[u8]| {
    let dir = project_with("installed", &[("node_modules/.package-lock.json", data)]);
    if let Ok(packages) = stowage_nodejs::installed_packages(&dir.join("node_modules")) {
        for package in packages {
            let _ = format!("{package:?}");
        }
    }
});
