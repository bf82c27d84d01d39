//! Where an app asks for a Node.js version: `BP_NODE_VERSION`, package.json's engines,
//! `.nvmrc` and `.node-version`, each resolved against an inventory's versions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_fuzz::{parts, project_with};
use stowage_kit::config::{Config, env_of};

fuzz_target!(|data: &[u8]| {
    let parts = parts(data, 4);
    let dir = project_with(
        "version-files",
        &[
            ("package.json", parts[0]),
            (".nvmrc", parts[1]),
            (".node-version", parts[2]),
        ],
    );
    let variable = String::from_utf8_lossy(parts[3]).replace('\0', "");
    let env = env_of([("BP_NODE_VERSION", variable.as_str())]);
    let config = Config::new(&env);
    if let Ok(requests) = stowage_nodejs::find_version_requests(&dir, &config) {
        for request in requests {
            let _ = request.priority();
        }
    }
});
