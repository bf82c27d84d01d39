//! The opt-in diagnostics: Native Memory Tracking, Flight Recorder, JMX and heap dumps.

use crate::launch_options::Addition;
use crate::tool_options::ToolOptions;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use time::OffsetDateTime;
use time::macros::format_description;

/// `BPL_JAVA_NMT_ENABLED` (on unless `false`) at `BPL_JAVA_NMT_LEVEL` (`summary`); the JVM
/// prints the statistics on exit.
pub(crate) fn nmt(config: &Config, options: &ToolOptions) -> Result<Option<Addition>, Error> {
    if config.bool("BPL_JAVA_NMT_ENABLED")? == Some(false)
        || options.has("-XX:NativeMemoryTracking=")
    {
        return Ok(None);
    }
    let level = config
        .string("BPL_JAVA_NMT_LEVEL")
        .unwrap_or_else(|| "summary".to_string());
    Ok(Some(Addition {
        flags: vec![
            "-XX:+UnlockDiagnosticVMOptions".to_string(),
            format!("-XX:NativeMemoryTracking={level}"),
            "-XX:+PrintNMTStatistics".to_string(),
        ],
        message: None,
        // The JVM reads the level for its process (pid 1 in the container) from here.
        env: vec![("NMT_LEVEL_1".to_string(), level)],
    }))
}

/// `BPL_JFR_ENABLED`: a recording from start, with `BPL_JFR_ARGS` or a dump on exit in `$TMPDIR`.
pub(crate) fn jfr(config: &Config, options: &ToolOptions) -> Result<Option<Addition>, Error> {
    if !config.flag("BPL_JFR_ENABLED")? || options.has("-XX:StartFlightRecording") {
        return Ok(None);
    }
    let args = config.string("BPL_JFR_ARGS").unwrap_or_else(|| {
        let tmp = config
            .string("TMPDIR")
            .unwrap_or_else(|| "/tmp".to_string());
        let file = Path::new(&tmp).join("recording.jfr");
        format!("dumponexit=true,filename={}", file.display())
    });
    Ok(Some(Addition {
        flags: vec![format!("-XX:StartFlightRecording={args}")],
        message: Some(format!("Java Flight Recorder enabled: {args}")),
        env: vec![],
    }))
}

/// `BPL_JMX_ENABLED`: remote JMX on `BPL_JMX_PORT`, no authentication or TLS, reached through a
/// port forward (hence host 127.0.0.1).
pub(crate) fn jmx(config: &Config, options: &ToolOptions) -> Result<Option<Addition>, Error> {
    if !config.flag("BPL_JMX_ENABLED")? || options.has("-Dcom.sun.management.jmxremote.port=") {
        return Ok(None);
    }
    let port = config
        .string("BPL_JMX_PORT")
        .unwrap_or_else(|| "5000".to_string());
    Ok(Some(Addition {
        flags: vec![
            "-Djava.rmi.server.hostname=127.0.0.1".to_string(),
            "-Dcom.sun.management.jmxremote.authenticate=false".to_string(),
            "-Dcom.sun.management.jmxremote.ssl=false".to_string(),
            format!("-Dcom.sun.management.jmxremote.port={port}"),
            format!("-Dcom.sun.management.jmxremote.rmi.port={port}"),
        ],
        message: Some(format!("JMX enabled on port {port}")),
        env: vec![],
    }))
}

/// `BPL_HEAP_DUMP_PATH`: a heap dump on an out-of-memory error, named after the start time.
pub(crate) fn heap_dump(
    config: &Config,
    options: &ToolOptions,
    now: OffsetDateTime,
) -> Option<Addition> {
    let dir = config.string("BPL_HEAP_DUMP_PATH")?;
    if options.has("-XX:HeapDumpPath=") {
        return None;
    }
    let stamp = now
        .to_offset(time::UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default();
    let file = Path::new(&dir).join(format!("java_{stamp}.hprof"));
    Some(Addition {
        flags: vec![
            "-XX:+HeapDumpOnOutOfMemoryError".to_string(),
            format!("-XX:HeapDumpPath={}", file.display()),
        ],
        message: Some(format!(
            "Heap dump on out-of-memory errors goes to {}",
            file.display()
        )),
        env: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::env;
    use time::macros::datetime;

    fn flags(addition: Result<Option<Addition>, Error>) -> Vec<String> {
        addition
            .expect("valid")
            .map(|a| a.flags)
            .unwrap_or_default()
    }

    #[test]
    fn nmt_is_on_by_default_and_sets_the_level_for_pid_1() {
        let none = ToolOptions::default();
        let addition = nmt(&Config::new(&env(&[])), &none)
            .expect("valid")
            .expect("on");
        assert_eq!(
            addition.flags,
            [
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:NativeMemoryTracking=summary",
                "-XX:+PrintNMTStatistics"
            ]
        );
        assert_eq!(
            addition.env,
            [("NMT_LEVEL_1".to_string(), "summary".to_string())]
        );
        let detail = env(&[("BPL_JAVA_NMT_LEVEL", "detail")]);
        assert!(
            flags(nmt(&Config::new(&detail), &none))
                .contains(&"-XX:NativeMemoryTracking=detail".to_string())
        );
        let off = env(&[("BPL_JAVA_NMT_ENABLED", "false")]);
        assert!(flags(nmt(&Config::new(&off), &none)).is_empty());
        let user = ToolOptions::parse("-XX:NativeMemoryTracking=off");
        assert!(flags(nmt(&Config::new(&env(&[])), &user)).is_empty());
    }

    #[test]
    fn jfr_dumps_into_tmpdir_or_uses_the_given_args() {
        let none = ToolOptions::default();
        assert!(flags(jfr(&Config::new(&env(&[])), &none)).is_empty());
        let on = env(&[("BPL_JFR_ENABLED", "true"), ("TMPDIR", "/scratch")]);
        assert_eq!(
            flags(jfr(&Config::new(&on), &none)),
            ["-XX:StartFlightRecording=dumponexit=true,filename=/scratch/recording.jfr"]
        );
        let args = env(&[
            ("BPL_JFR_ENABLED", "true"),
            ("BPL_JFR_ARGS", "duration=60s"),
        ]);
        assert_eq!(
            flags(jfr(&Config::new(&args), &none)),
            ["-XX:StartFlightRecording=duration=60s"]
        );
        let user = ToolOptions::parse("-XX:StartFlightRecording");
        assert!(flags(jfr(&Config::new(&on), &user)).is_empty());
    }

    #[test]
    fn jmx_listens_on_the_port() {
        let none = ToolOptions::default();
        assert!(flags(jmx(&Config::new(&env(&[])), &none)).is_empty());
        let on = env(&[("BPL_JMX_ENABLED", "true"), ("BPL_JMX_PORT", "9010")]);
        assert_eq!(
            flags(jmx(&Config::new(&on), &none)),
            [
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.port=9010",
                "-Dcom.sun.management.jmxremote.rmi.port=9010",
            ]
        );
        let default_port = env(&[("BPL_JMX_ENABLED", "1")]);
        assert!(
            flags(jmx(&Config::new(&default_port), &none))
                .contains(&"-Dcom.sun.management.jmxremote.port=5000".to_string())
        );
    }

    #[test]
    fn heap_dumps_go_to_a_timestamped_file() {
        let none = ToolOptions::default();
        let now = datetime!(2026-05-01 12:30:05.25 +02:00);
        assert_eq!(heap_dump(&Config::new(&env(&[])), &none, now), None);
        let on = env(&[("BPL_HEAP_DUMP_PATH", "/dumps")]);
        assert_eq!(
            heap_dump(&Config::new(&on), &none, now).expect("on").flags,
            [
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=/dumps/java_2026-05-01T10:30:05Z.hprof"
            ]
        );
        let user = ToolOptions::parse("-XX:HeapDumpPath=/mine");
        assert_eq!(heap_dump(&Config::new(&on), &user, now), None);
    }

    #[test]
    fn a_switch_that_is_no_boolean_names_the_variable() {
        let bad = env(&[("BPL_JMX_ENABLED", "sure")]);
        let error = jmx(&Config::new(&bad), &ToolOptions::default()).expect_err("invalid");
        assert_eq!(
            error.subject,
            Some(stowage_kit::error::Subject::Variable(
                "BPL_JMX_ENABLED".into()
            ))
        );
    }
}
