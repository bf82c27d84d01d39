//! What JVM users set: `MAVEN_OPTS`/`BP_MAVEN_BUILD_ARGUMENTS`-style argument lists and the
//! memory sizes of `BPL_JVM_*` and `-Xmx` forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_jvm::{Size, ToolOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = format!("{:?}", ToolOptions::parse(text));
    if let Some(size) = Size::parse(text) {
        let _ = size.to_string();
    }
});
