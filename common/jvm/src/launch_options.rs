//! Everything the JVM helpers add to `JAVA_TOOL_OPTIONS` at launch, in Paketo's helper order
//! (active processor count, debug, `JAVA_OPTS`, JFR, JMX, heap dump, memory, NMT), then the
//! trust store. Flags the user already set in `JAVA_TOOL_OPTIONS` or `JAVA_OPTS` are kept and
//! not added again.

use crate::debug::debug;
use crate::diagnostics::{heap_dump, jfr, jmx, nmt};
use crate::loaded_classes::loaded_classes;
use crate::memory_calculator::{MemoryConfiguration, MemoryInputs, calculate};
use crate::memory_total::total_memory;
use crate::processors::cpu_count;
use crate::tool_options::ToolOptions;
use crate::trust::launch_trust;
use libcnb::Env;
use std::path::Path;
use std::str::FromStr;
use stowage_kit::Error;
use stowage_kit::config::Config;
use time::OffsetDateTime;

/// What the launch configuration depends on; the exec.d program passes the real ones.
pub struct LaunchInputs<'a> {
    /// The launch environment (`BPL_*`, `BPI_*`, `JAVA_TOOL_OPTIONS`, `JAVA_OPTS`, `TMPDIR`).
    pub env: &'a Env,
    /// The file system root the cgroup and `/proc` files are read under (`/`).
    pub root: &'a Path,
    /// The app's folder, where `BPI_APPLICATION_PATH` and relative agent paths start.
    pub app_dir: &'a Path,
    /// The runtime's major version (8, 11, 17, 21…).
    pub java_major: u64,
    /// The CPUs the machine offers this process (`std::thread::available_parallelism`).
    pub host_cpus: usize,
    /// The start time, which names a heap dump file.
    pub now: OffsetDateTime,
}

/// The result: the complete new `JAVA_TOOL_OPTIONS`, other variables to set, and what to tell
/// the user (one line each; warnings to print with `Output::warning`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaunchOptions {
    pub java_tool_options: String,
    pub env: Vec<(String, String)>,
    pub messages: Vec<String>,
    pub warnings: Vec<Error>,
}

/// One helper's contribution.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Addition {
    pub(crate) flags: Vec<String>,
    pub(crate) message: Option<String>,
    pub(crate) env: Vec<(String, String)>,
}

impl LaunchOptions {
    fn add(&mut self, addition: Option<Addition>) {
        let Some(addition) = addition else { return };
        for flag in addition.flags {
            self.append(&flag);
        }
        self.messages.extend(addition.message);
        self.env.extend(addition.env);
    }

    fn append(&mut self, options: &str) {
        if !self.java_tool_options.is_empty() {
            self.java_tool_options.push(' ');
        }
        self.java_tool_options.push_str(options);
    }
}

const THREAD_COUNT: u64 = 250;

/// A whole percentage, 0 to 100.
struct Percent(u64);

impl FromStr for Percent {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        let percent: u64 = text.trim_end_matches('%').parse().map_err(|_| ())?;
        (percent <= 100).then_some(Percent(percent)).ok_or(())
    }
}

pub fn launch_options(inputs: &LaunchInputs) -> Result<LaunchOptions, Error> {
    let config = Config::new(inputs.env);
    let java_opts = config.string("JAVA_OPTS");
    let mut result = LaunchOptions {
        java_tool_options: config.string("JAVA_TOOL_OPTIONS").unwrap_or_default(),
        ..LaunchOptions::default()
    };
    let mut user = ToolOptions::parse(&result.java_tool_options);
    user.extend(java_opts.as_deref().unwrap_or_default());

    if inputs.java_major < 17 && !user.has("-XX:ActiveProcessorCount=") {
        let cpus = cpu_count(inputs.root, inputs.host_cpus);
        result.add(Some(Addition {
            flags: vec![format!("-XX:ActiveProcessorCount={cpus}")],
            message: Some(format!("Active processor count: {cpus}")),
            env: vec![],
        }));
    }
    result.add(debug(&config, &user, inputs.root, inputs.java_major)?);
    if let Some(java_opts) = &java_opts {
        result.append(java_opts);
    }
    result.add(jfr(&config, &user)?);
    result.add(jmx(&config, &user)?);
    result.add(heap_dump(&config, &user, inputs.now));
    let (memory, warning) = memory(&config, inputs, &user)?;
    result.warnings.extend(warning);
    result.add(Some(Addition {
        flags: memory.flags(),
        message: Some(memory.arithmetic()),
        env: vec![],
    }));
    result.add(nmt(&config, &user)?);
    let (trust, warnings) = launch_trust(&config, inputs.root, &user);
    result.add(trust);
    result.warnings.extend(warnings);
    Ok(result)
}

fn memory(
    config: &Config,
    inputs: &LaunchInputs,
    user: &ToolOptions,
) -> Result<(MemoryConfiguration, Option<Error>), Error> {
    const PERCENT: &str = "a whole percentage from 0 to 100";
    let head_room = match config.parse::<Percent>("BPL_JVM_HEAD_ROOM", PERCENT)? {
        Some(percent) => Some(percent),
        // The older spelling, still honoured.
        None => config.parse::<Percent>("BPL_JVM_HEADROOM", PERCENT)?,
    };
    let thread_count = config
        .parse("BPL_JVM_THREAD_COUNT", "a whole number of threads")?
        .unwrap_or(THREAD_COUNT);
    let classes = loaded_classes(config, inputs.app_dir, user)?;
    let (total, warning) = total_memory(inputs.root);
    let memory = calculate(
        MemoryInputs {
            total,
            thread_count,
            classes,
            head_room_percent: head_room.map_or(0, |percent| percent.0),
        },
        user,
    )?;
    Ok((memory, warning))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    struct Machine {
        root: tempfile::TempDir,
        app: tempfile::TempDir,
    }

    /// A container with a 1G cgroup v2 limit, 1.5 CPUs and IPv6 on; an empty app.
    fn machine() -> Machine {
        let root = tempfile::tempdir().expect("temp dir");
        for (path, content) in [
            ("sys/fs/cgroup/memory.max", "1073741824\n"),
            ("sys/fs/cgroup/cpu.max", "150000 100000\n"),
            ("proc/sys/net/ipv6/conf/all/disable_ipv6", "0\n"),
        ] {
            let path = root.path().join(path);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, content).expect("write");
        }
        let app = tempfile::tempdir().expect("temp dir");
        Machine { root, app }
    }

    fn run(
        machine: &Machine,
        pairs: &[(&str, &str)],
        java_major: u64,
    ) -> Result<LaunchOptions, Error> {
        let env = crate::test_support::env(pairs);
        launch_options(&LaunchInputs {
            env: &env,
            root: machine.root.path(),
            app_dir: machine.app.path(),
            java_major,
            host_cpus: 8,
            now: datetime!(2026-05-01 10:30:05 UTC),
        })
    }

    const MEMORY_1G_12000: &str = "-XX:MaxDirectMemorySize=10M -Xmx454935K \
        -XX:MaxMetaspaceSize=81640K -XX:ReservedCodeCacheSize=240M -Xss1M";
    const NMT: &str = "-XX:+UnlockDiagnosticVMOptions -XX:NativeMemoryTracking=summary \
        -XX:+PrintNMTStatistics";

    #[test]
    fn defaults_on_java_21_are_memory_and_nmt() {
        let machine = machine();
        let result = run(&machine, &[("BPL_JVM_LOADED_CLASS_COUNT", "12000")], 21).expect("fits");
        assert_eq!(result.java_tool_options, format!("{MEMORY_1G_12000} {NMT}"));
        assert_eq!(
            result.env,
            [("NMT_LEVEL_1".to_string(), "summary".to_string())]
        );
        assert_eq!(
            result.messages,
            [
                "Memory: 1G total (cgroup v2 memory.max) = heap 454935K + metaspace 81640K \
              (12000 classes, BPL_JVM_LOADED_CLASS_COUNT) + thread stacks 250M (250 × 1M) + \
              code cache 240M + direct 10M + headroom 0"
            ]
        );
        assert!(result.warnings.is_empty());
    }

    #[test]
    fn every_helper_in_order_after_the_users_options() {
        let machine = machine();
        let result = run(
            &machine,
            &[
                ("JAVA_TOOL_OPTIONS", "-Dfoo=bar"),
                ("JAVA_OPTS", "-Dbaz=1"),
                ("BPL_JVM_LOADED_CLASS_COUNT", "12000"),
                ("BPL_DEBUG_ENABLED", "true"),
                ("BPL_JFR_ENABLED", "true"),
                ("BPL_JMX_ENABLED", "true"),
                ("BPL_HEAP_DUMP_PATH", "/dumps"),
                ("TMPDIR", "/tmp"),
            ],
            11,
        )
        .expect("fits");
        assert_eq!(
            result.java_tool_options,
            format!(
                "-Dfoo=bar -XX:ActiveProcessorCount=2 \
                 -agentlib:jdwp=transport=dt_socket,server=y,address=*:8000,suspend=n -Dbaz=1 \
                 -XX:StartFlightRecording=dumponexit=true,filename=/tmp/recording.jfr \
                 -Djava.rmi.server.hostname=127.0.0.1 \
                 -Dcom.sun.management.jmxremote.authenticate=false \
                 -Dcom.sun.management.jmxremote.ssl=false \
                 -Dcom.sun.management.jmxremote.port=5000 \
                 -Dcom.sun.management.jmxremote.rmi.port=5000 \
                 -XX:+HeapDumpOnOutOfMemoryError \
                 -XX:HeapDumpPath=/dumps/java_2026-05-01T10:30:05Z.hprof \
                 {MEMORY_1G_12000} {NMT}"
            )
        );
        assert_eq!(result.messages.len(), 6, "{:?}", result.messages);
    }

    #[test]
    fn processor_count_only_below_java_17_and_never_over_the_users() {
        let machine = machine();
        let count = [("BPL_JVM_LOADED_CLASS_COUNT", "1")];
        assert!(
            !run(&machine, &count, 17)
                .expect("fits")
                .java_tool_options
                .contains("ActiveProcessorCount")
        );
        let user = [
            ("BPL_JVM_LOADED_CLASS_COUNT", "1"),
            ("JAVA_TOOL_OPTIONS", "-XX:ActiveProcessorCount=4"),
        ];
        let result = run(&machine, &user, 8).expect("fits");
        assert_eq!(
            result
                .java_tool_options
                .matches("ActiveProcessorCount")
                .count(),
            1
        );
    }

    #[test]
    fn memory_flags_in_java_opts_are_the_users_too() {
        let machine = machine();
        let result = run(
            &machine,
            &[
                ("BPL_JVM_LOADED_CLASS_COUNT", "1000"),
                ("JAVA_TOOL_OPTIONS", "-Xss256k"),
                ("JAVA_OPTS", "-Xmx512m"),
                ("BPL_JAVA_NMT_ENABLED", "false"),
                ("BPL_JVM_THREAD_COUNT", "100"),
                ("BPL_JVM_HEAD_ROOM", "5"),
            ],
            21,
        )
        .expect("fits");
        assert_eq!(
            result.java_tool_options,
            "-Xss256k -Xmx512m -XX:MaxDirectMemorySize=10M -XX:MaxMetaspaceSize=19335K \
             -XX:ReservedCodeCacheSize=240M"
        );
        assert!(result.messages[0].contains("thread stacks 25M (100 × 256K from -Xss)"));
        assert!(
            result.messages[0].contains("headroom 52428K (5%)"),
            "{}",
            result.messages[0]
        );
    }

    #[test]
    fn unknown_memory_is_a_warning_and_too_little_an_error() {
        let machine = machine();
        fs_err::remove_file(machine.root.path().join("sys/fs/cgroup/memory.max")).expect("rm");
        let result = run(&machine, &[("BPL_JVM_LOADED_CLASS_COUNT", "1")], 21).expect("1G assumed");
        assert_eq!(result.warnings[0].id, "jvm/memory-limit-unknown");
        fs_err::write(
            machine.root.path().join("sys/fs/cgroup/memory.max"),
            "268435456",
        )
        .expect("write");
        let error = run(&machine, &[("BPL_JVM_LOADED_CLASS_COUNT", "1")], 21).expect_err("256M");
        assert_eq!(error.id, "jvm/memory-too-small");
    }

    #[test]
    fn a_headroom_over_100_percent_is_refused() {
        let machine = machine();
        let error = run(&machine, &[("BPL_JVM_HEAD_ROOM", "150")], 21).expect_err("invalid");
        assert_eq!(error.id, "config/invalid-value");
        assert!(error.body.contains("0 to 100"), "{}", error.body);
        let old = run(
            &machine,
            &[
                ("BPL_JVM_HEADROOM", "10"),
                ("BPL_JVM_LOADED_CLASS_COUNT", "1"),
            ],
            21,
        )
        .expect("fits");
        assert!(old.messages[0].contains("(10%)"));
    }
}
