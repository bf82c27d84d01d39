//! Variables every download and SBOM reads: `NO_PROXY` lists (matched against hosts) and
//! `SOURCE_DATE_EPOCH`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_kit::fetch::NoProxy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let no_proxy = NoProxy::parse(text);
    for (host, port) in [("registry.npmjs.org", Some(443)), ("127.0.0.1", None), ("[::1]", Some(80))] {
        let _ = no_proxy.matches(host, port);
    }
    let _ = stowage_kit::sbom::parse_source_date_epoch(text);
});
