//! `BPL_DEBUG_ENABLED`: the JDWP agent, so a debugger can attach on `BPL_DEBUG_PORT`.

use crate::launch_options::Addition;
use crate::tool_options::ToolOptions;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;

/// Java 8 takes a bare port; later versions listen on localhost only unless given `*:` (or
/// `0.0.0.0:` where IPv6 is off, since `*` then fails to bind).
pub(crate) fn debug(
    config: &Config,
    options: &ToolOptions,
    root: &Path,
    java_major: u64,
) -> Result<Option<Addition>, Error> {
    if !config.flag("BPL_DEBUG_ENABLED")? || options.has("-agentlib:jdwp") {
        return Ok(None);
    }
    let port = config
        .string("BPL_DEBUG_PORT")
        .unwrap_or_else(|| "8000".to_string());
    let suspend = config.flag("BPL_DEBUG_SUSPEND")?;
    let address = if java_major < 9 || port.contains(':') {
        port
    } else if ipv6_disabled(root) {
        format!("0.0.0.0:{port}")
    } else {
        format!("*:{port}")
    };
    let mut message = format!("Debugging enabled on port {address}");
    if suspend {
        message.push_str(", suspended on start");
    }
    Ok(Some(Addition {
        flags: vec![format!(
            "-agentlib:jdwp=transport=dt_socket,server=y,address={address},suspend={}",
            if suspend { "y" } else { "n" }
        )],
        message: Some(message),
        env: vec![],
    }))
}

fn ipv6_disabled(root: &Path) -> bool {
    std::fs::read_to_string(root.join("proc/sys/net/ipv6/conf/all/disable_ipv6"))
        .map_or(true, |value| value.trim() == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        pairs: &[(&str, &str)],
        options: &str,
        ipv6: Option<&str>,
        java: u64,
    ) -> Option<Addition> {
        let dir = tempfile::tempdir().expect("temp dir");
        if let Some(value) = ipv6 {
            let path = dir.path().join("proc/sys/net/ipv6/conf/all/disable_ipv6");
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, value).expect("write");
        }
        let env = crate::test_support::env(pairs);
        debug(
            &Config::new(&env),
            &ToolOptions::parse(options),
            dir.path(),
            java,
        )
        .expect("valid")
    }

    const ON: (&str, &str) = ("BPL_DEBUG_ENABLED", "true");

    #[test]
    fn off_unless_enabled() {
        assert_eq!(run(&[], "", Some("0"), 21), None);
        assert_eq!(
            run(&[("BPL_DEBUG_ENABLED", "false")], "", Some("0"), 21),
            None
        );
    }

    #[test]
    fn java_9_and_later_listen_on_every_address() {
        let addition = run(&[ON], "", Some("0\n"), 21).expect("enabled");
        assert_eq!(
            addition.flags,
            ["-agentlib:jdwp=transport=dt_socket,server=y,address=*:8000,suspend=n"]
        );
        assert_eq!(
            addition.message.as_deref(),
            Some("Debugging enabled on port *:8000")
        );
    }

    #[test]
    fn without_ipv6_the_address_is_ipv4() {
        let addition = run(&[ON, ("BPL_DEBUG_PORT", "5005")], "", Some("1"), 17).expect("enabled");
        assert_eq!(
            addition.flags,
            ["-agentlib:jdwp=transport=dt_socket,server=y,address=0.0.0.0:5005,suspend=n"]
        );
    }

    #[test]
    fn java_8_takes_the_bare_port_and_suspend_is_honoured() {
        let addition =
            run(&[ON, ("BPL_DEBUG_SUSPEND", "true")], "", Some("0"), 8).expect("enabled");
        assert_eq!(
            addition.flags,
            ["-agentlib:jdwp=transport=dt_socket,server=y,address=8000,suspend=y"]
        );
        assert_eq!(
            addition.message.as_deref(),
            Some("Debugging enabled on port 8000, suspended on start")
        );
    }

    #[test]
    fn a_host_in_the_port_and_a_user_agent_are_kept() {
        let addition = run(
            &[ON, ("BPL_DEBUG_PORT", "127.0.0.1:9000")],
            "",
            Some("0"),
            21,
        )
        .expect("enabled");
        assert!(addition.flags[0].contains("address=127.0.0.1:9000,"));
        assert_eq!(
            run(&[ON], "-agentlib:jdwp=transport=dt_socket", Some("0"), 21),
            None
        );
    }
}
