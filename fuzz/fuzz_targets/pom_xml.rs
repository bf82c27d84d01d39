//! pom.xml as the maven buildpack checks it before Maven runs (its own check and errors,
//! included as they are): any input gives Ok or an error naming a line of the file.
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../buildpacks/jvm/maven/src/errors.rs"]
mod errors;
#[allow(dead_code, unreachable_pub)]
#[path = "../../buildpacks/jvm/maven/src/pom.rs"]
mod pom;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = pom::check(std::path::Path::new("pom.xml"), text);
});
