//! `BPE_*` variables (the environment-variables buildpack's own parser, included as it is):
//! each input line is one `NAME=VALUE` of the build environment.
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../buildpacks/utilities/environment-variables/src/errors.rs"]
mod errors;
#[allow(dead_code, unreachable_pub)]
#[path = "../../buildpacks/utilities/environment-variables/src/variables.rs"]
mod variables;

use libfuzzer_sys::fuzz_target;
use stowage_kit::config::env_of;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).replace('\0', "");
    let pairs: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| line.split_once('='))
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    for (name, _) in &pairs {
        let _ = variables::parse_name(name);
    }
    let env = env_of(pairs);
    if variables::any(&env)
        && let Ok(settings) = variables::settings(&env)
    {
        for setting in &settings {
            let _ = variables::lacks_delimiter(setting, &settings);
        }
        let _ = variables::unused_delimiters(&settings);
    }
});
