//! `BP_IMAGE_LABELS` (the image-labels buildpack's own parser, included as it is).
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../buildpacks/utilities/image-labels/src/label_list.rs"]
mod label_list;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = label_list::parse(text);
});
