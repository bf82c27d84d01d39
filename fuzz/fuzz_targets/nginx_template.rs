//! An app's nginx.conf template (the nginx buildpack's own renderer, included as it is).
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../buildpacks/web-servers/nginx/src/template.rs"]
mod template;

use libfuzzer_sys::fuzz_target;
use template::Functions;

struct StandIns;

impl Functions for StandIns {
    fn port(&self) -> String {
        "8080".to_string()
    }
    fn env(&self, name: &str) -> String {
        format!("<{name}>")
    }
    fn temp_dir(&self) -> String {
        "/tmp".to_string()
    }
    fn module(&self, name: &str) -> String {
        format!("load_module modules/{name}.so;")
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(mistake) = template::render(text, &StandIns) {
        let _ = template::mistake_error(std::path::Path::new("nginx.conf"), &mistake);
    }
});
