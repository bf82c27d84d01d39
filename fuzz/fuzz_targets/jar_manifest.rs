//! `META-INF/MANIFEST.MF` of an app's jar: sections, continuation lines, Main-Class and
//! Class-Path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_jvm::Manifest;

fuzz_target!(|data: &[u8]| {
    if let Ok(manifest) = Manifest::parse(data) {
        let _ = manifest.main_class();
        let _ = manifest.class_path();
        let _ = manifest.get("Start-Class");
    }
});
