//! package.json as detect and build read it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_fuzz::project_with;
use stowage_nodejs::PackageJson;

fuzz_target!(|data: &[u8]| {
    let dir = project_with("package-json", &[("package.json", data)]);
    if let Ok(Some(package)) = PackageJson::read_from(&dir) {
        let _ = package.node_engine();
    }
    let _ = PackageJson::read_in_detect(&dir);
});
