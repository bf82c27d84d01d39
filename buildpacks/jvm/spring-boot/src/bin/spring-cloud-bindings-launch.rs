//! exec.d program of Spring Cloud Bindings: adds
//! `-Dorg.springframework.cloud.bindings.boot.enable=true` to `JAVA_TOOL_OPTIONS`, or `false`
//! with `BPL_SPRING_CLOUD_BINDINGS_DISABLED=true` (or the deprecated
//! `BPL_SPRING_CLOUD_BINDINGS_ENABLED=false`), as Paketo's helper does.

// The buildpack's binaries share their dependencies; this one uses only libcnb.
#![allow(unused_crate_dependencies)]

use libcnb::data::exec_d::ExecDProgramOutputKey;
use std::collections::HashMap;

fn main() {
    let get = |name: &str| std::env::var(name).ok();
    let enabled = enabled(
        get("BPL_SPRING_CLOUD_BINDINGS_DISABLED").as_deref(),
        get("BPL_SPRING_CLOUD_BINDINGS_ENABLED").as_deref(),
    );
    eprintln!(
        "Spring Cloud Bindings {}",
        if enabled { "enabled" } else { "disabled" }
    );
    let options = java_tool_options(get("JAVA_TOOL_OPTIONS").as_deref(), enabled);
    let key: Option<ExecDProgramOutputKey> = "JAVA_TOOL_OPTIONS".parse().ok();
    libcnb::exec_d::write_exec_d_program_output(
        key.into_iter()
            .map(|key| (key, options.clone()))
            .collect::<HashMap<_, _>>(),
    );
}

/// Go's `strconv.ParseBool`, which Paketo's helpers use: anything else is `None`.
fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn enabled(disabled: Option<&str>, deprecated_enabled: Option<&str>) -> bool {
    if disabled.and_then(parse_bool) == Some(true) {
        return false;
    }
    deprecated_enabled.and_then(parse_bool) != Some(false)
}

fn java_tool_options(current: Option<&str>, enabled: bool) -> String {
    let flag = format!("-Dorg.springframework.cloud.bindings.boot.enable={enabled}");
    match current.map(str::trim).filter(|current| !current.is_empty()) {
        Some(current) => format!("{current} {flag}"),
        None => flag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabled_unless_disabled() {
        assert!(enabled(None, None));
        assert!(enabled(Some("false"), None));
        assert!(enabled(Some("junk"), None));
        assert!(!enabled(Some("true"), None));
        assert!(!enabled(Some("1"), Some("true")));
        assert!(!enabled(None, Some("false")));
    }

    #[test]
    fn the_flag_is_appended() {
        assert_eq!(
            java_tool_options(Some("-Xmx1G"), true),
            "-Xmx1G -Dorg.springframework.cloud.bindings.boot.enable=true"
        );
        assert_eq!(
            java_tool_options(None, false),
            "-Dorg.springframework.cloud.bindings.boot.enable=false"
        );
    }
}
