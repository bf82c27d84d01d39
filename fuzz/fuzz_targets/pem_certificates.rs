//! PEM certificates from a `ca-certificates` binding or `BP_EMBED_CERTS`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = stowage_kit::certificates::parse_certificates(data);
});
