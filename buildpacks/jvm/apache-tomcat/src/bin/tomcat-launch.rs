//! exec.d program of the Tomcat base: adds `-Dport=$PORT` (8080 when unset) and
//! `-Daccess.logging.enabled=<BPL_TOMCAT_ACCESS_LOGGING_ENABLED>` to `CATALINA_OPTS`, the
//! system properties server.xml's connector and access log valve read.

// The buildpack's binaries share their dependencies; this one uses only libcnb.
#![allow(unused_crate_dependencies)]

use libcnb::data::exec_d::ExecDProgramOutputKey;
use std::collections::HashMap;

fn main() {
    let get = |name: &str| std::env::var(name).ok();
    let options = catalina_opts(
        get("CATALINA_OPTS").as_deref(),
        get("PORT").as_deref(),
        get("BPL_TOMCAT_ACCESS_LOGGING_ENABLED").as_deref(),
    );
    let key: Option<ExecDProgramOutputKey> = "CATALINA_OPTS".parse().ok();
    libcnb::exec_d::write_exec_d_program_output(
        key.into_iter()
            .map(|key| (key, options.clone()))
            .collect::<HashMap<_, _>>(),
    );
}

/// Go's `strconv.ParseBool`, which Paketo's helpers use: anything else is false.
fn parse_bool(value: &str) -> bool {
    matches!(value, "1" | "t" | "T" | "true" | "TRUE" | "True")
}

fn catalina_opts(
    current: Option<&str>,
    port: Option<&str>,
    access_logging: Option<&str>,
) -> String {
    let port = port
        .map(str::trim)
        .filter(|port| port.parse::<u16>().is_ok())
        .unwrap_or("8080");
    let enabled = access_logging.is_some_and(|value| parse_bool(value.trim()));
    let flags = format!("-Dport={port} -Daccess.logging.enabled={enabled}");
    match current.map(str::trim).filter(|current| !current.is_empty()) {
        Some(current) => format!("{current} {flags}"),
        None => flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_and_access_logging_are_appended() {
        assert_eq!(
            catalina_opts(Some("-Xss1M"), Some("9000"), Some("true")),
            "-Xss1M -Dport=9000 -Daccess.logging.enabled=true"
        );
        assert_eq!(
            catalina_opts(None, None, None),
            "-Dport=8080 -Daccess.logging.enabled=false"
        );
        assert_eq!(
            catalina_opts(Some(" "), Some("not a port"), Some("junk")),
            "-Dport=8080 -Daccess.logging.enabled=false"
        );
    }
}
