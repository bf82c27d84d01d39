//! Yarn's files: `.yarnrc.yml` settings and the yarn.lock header that tells Berry from 1.x.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_fuzz::{parts, project_with};
use stowage_nodejs::{Yarnrc, lockfile_is_berry};

fuzz_target!(|data: &[u8]| {
    let parts = parts(data, 2);
    let rc = Yarnrc::parse(&String::from_utf8_lossy(parts[0]));
    let _ = rc.get("yarnPath");
    let _ = rc.yarn_path();
    let _ = rc.mentions("npmRegistryServer");
    let dir = project_with("yarn", &[("yarn.lock", parts[1]), (".yarnrc.yml", parts[0])]);
    let _ = lockfile_is_berry(&dir);
    let _ = Yarnrc::read(&dir);
});
