//! Every user-facing error and warning of the JVM launch configuration.

use crate::memory_calculator::MemoryConfiguration;
use crate::size::{MIB, Size};
use std::path::Path;
use stowage_kit::Error;

pub(crate) fn memory_limit_unknown() -> Error {
    Error::new(
        "jvm/memory-limit-unknown",
        "Found no memory limit; sizing the JVM for 1G",
        "Neither the cgroup files (memory.max, memory.limit_in_bytes) nor /proc/meminfo could be read.\n\
         If the container has more or less memory, size the heap yourself with -Xmx in JAVA_TOOL_OPTIONS.",
    )
}

pub(crate) fn invalid_memory_flag(flag: &str, value: &str) -> Error {
    Error::new(
        "jvm/invalid-memory-flag",
        format!("{flag}{value} is not a memory size"),
        format!(
            "The JVM options set {flag}{value}, but a size is digits with an optional k, m, g or t (such as 512m or 2G).\n\
             Fix it in JAVA_TOOL_OPTIONS or JAVA_OPTS, or remove it to let the memory calculator size it."
        ),
    )
    .variable("JAVA_TOOL_OPTIONS")
}

/// `needed` is every region the user or the calculator fixed, plus the headroom, in bytes.
pub(crate) fn memory_too_small(config: &MemoryConfiguration, needed: u128) -> Error {
    let inputs = &config.inputs;
    let total = inputs.total;
    let needed = Size(u64::try_from(needed).unwrap_or(u64::MAX));
    let mut regions = config.fixed_parts();
    if let Some(flag) = config.heap.flag {
        regions = format!("heap {} (from {flag}) + {regions}", config.heap.size);
    }
    let mut advice = vec![];
    if inputs.head_room_percent < 100 {
        // The limit at which the fixed regions and the headroom share of it fit, in whole MiB.
        let fixed = u128::from(needed.0) - u128::from(config.head_room.0);
        let limit = (fixed * 100).div_ceil(u128::from(100 - inputs.head_room_percent));
        let limit = limit.div_ceil(u128::from(MIB)) * u128::from(MIB);
        advice.push(format!(
            "- raise the container's memory limit to at least {}",
            Size(u64::try_from(limit).unwrap_or(u64::MAX))
        ));
    }
    advice.push(format!(
        "- lower BPL_JVM_THREAD_COUNT (now {}) if the app runs fewer threads",
        inputs.thread_count
    ));
    if config.metaspace.flag.is_none() {
        advice.push(format!(
            "- set BPL_JVM_LOADED_CLASS_COUNT to the number of classes the app really loads (now {})",
            inputs.classes.count
        ));
    }
    if inputs.head_room_percent > 0 {
        advice.push(format!(
            "- lower BPL_JVM_HEAD_ROOM (now {}%)",
            inputs.head_room_percent
        ));
    }
    let user_flags: Vec<&str> = [
        config.heap,
        config.metaspace,
        config.stack,
        config.code_cache,
        config.direct,
    ]
    .iter()
    .filter_map(|region| region.flag)
    .map(|flag| flag.trim_end_matches('='))
    .collect();
    if !user_flags.is_empty() {
        advice.push(format!(
            "- lower the sizes you set in JAVA_TOOL_OPTIONS or JAVA_OPTS ({})",
            user_flags.join(", ")
        ));
    }
    Error::new(
        "jvm/memory-too-small",
        format!(
            "The JVM needs {needed} of memory but the container has {}",
            total.size
        ),
        format!(
            "Available: {} ({}).\nNeeded: {regions} = {needed}.\nTo fix it, any of:\n{}",
            total.size,
            total.source,
            advice.join("\n")
        ),
    )
}
/// A certificate file or binding the launch trust store could not use: the app starts with
/// the others.
pub(crate) fn trust_source_skipped(cause: &Error) -> Error {
    Error {
        id: "jvm/trust-source-skipped",
        header: format!(
            "Not trusted at launch: {}",
            cause.header.trim_start_matches("The ")
        ),
        body: format!(
            "{}\nThe app starts trusting the other certificates.",
            cause.body
        ),
        subject: cause.subject.clone(),
        debug: cause.debug.clone(),
    }
}

/// The temp folder is not writable: Java keeps the runtime's own trust store.
pub(crate) fn truststore_not_written(file: &Path, cause: &std::io::Error) -> Error {
    Error::new(
        "jvm/truststore-not-written",
        format!("The trust store {} could not be written", file.display()),
        "Java starts with the runtime's own CA certificates, without the image's CA bundle or\n\
         ca-certificates bindings. Give the container a writable temp folder (TMPDIR, or /tmp).",
    )
    .file(file)
    .debug(cause)
}
