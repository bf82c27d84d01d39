//! A Procfile (the procfile buildpack's own parser, included as it is).
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../buildpacks/utilities/procfile/src/procfile.rs"]
mod procfile;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = procfile::parse(data);
    let _ = format!("{parsed:?}");
});
