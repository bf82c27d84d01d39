//! The memory the JVM is sized against: the container's limit, else the machine's free memory
//! (`MemAvailable`, as Paketo reads it).

use crate::errors;
use crate::size::{GIB, Size, TIB};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::memory::{MemorySource, available_memory_now};

/// Paketo's ceiling: larger values are treated as 64T.
const MAX_JVM_MEMORY: Size = Size(64 * TIB);

/// How much memory there is, and where that number came from (for the launch log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TotalMemory {
    pub size: Size,
    pub source: &'static str,
}

/// Read under `root` (`/` outside tests). Unknown memory is taken as 1G, with the warning.
#[must_use]
pub fn total_memory(root: &Path) -> (TotalMemory, Option<Error>) {
    let Some((bytes, source)) = available_memory_now(root) else {
        let total = TotalMemory {
            size: Size(GIB),
            source: "assumed, no limit found",
        };
        return (total, Some(errors::memory_limit_unknown()));
    };
    let source = match source {
        MemorySource::CgroupV2 => "cgroup v2 memory.max",
        MemorySource::CgroupV1 => "cgroup v1 memory.limit_in_bytes",
        MemorySource::MemInfo => "/proc/meminfo MemAvailable",
    };
    let total = if Size(bytes) > MAX_JVM_MEMORY {
        TotalMemory {
            size: MAX_JVM_MEMORY,
            source: "the most the calculator uses",
        }
    } else {
        TotalMemory {
            size: Size(bytes),
            source,
        }
    };
    (total, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::root;

    const MEMINFO: &str = "MemTotal:        8388608 kB\nMemAvailable:  4194304 kB\n";

    #[test]
    fn cgroup_v2_limit() {
        let dir = root(&[
            ("sys/fs/cgroup/memory.max", "1073741824\n"),
            ("proc/meminfo", MEMINFO),
        ]);
        let (total, warning) = total_memory(dir.path());
        assert_eq!(total.size, Size(GIB));
        assert_eq!(total.source, "cgroup v2 memory.max");
        assert_eq!(warning, None);
    }

    #[test]
    fn cgroup_v1_limit() {
        let dir = root(&[
            ("sys/fs/cgroup/memory.max", "max\n"),
            ("sys/fs/cgroup/memory/memory.limit_in_bytes", "536870912\n"),
            ("proc/meminfo", MEMINFO),
        ]);
        let (total, _) = total_memory(dir.path());
        assert_eq!(total.size, Size(512 * 1024 * 1024));
        assert_eq!(total.source, "cgroup v1 memory.limit_in_bytes");
    }

    #[test]
    fn no_limit_uses_meminfo() {
        let dir = root(&[
            ("sys/fs/cgroup/memory.max", "max\n"),
            (
                "sys/fs/cgroup/memory/memory.limit_in_bytes",
                "9223372036854771712\n",
            ),
            ("proc/meminfo", MEMINFO),
        ]);
        let (total, warning) = total_memory(dir.path());
        assert_eq!(total.size, Size(4 * GIB));
        assert_eq!(total.source, "/proc/meminfo MemAvailable");
        assert_eq!(warning, None);
    }

    #[test]
    fn more_than_64t_is_capped() {
        let dir = root(&[("sys/fs/cgroup/memory.max", "140737488355328")]);
        let (total, _) = total_memory(dir.path());
        assert_eq!(total.size, Size(64 * TIB));
    }

    #[test]
    fn unknown_memory_is_1g_with_a_warning() {
        let dir = root(&[]);
        let (total, warning) = total_memory(dir.path());
        assert_eq!(total.size, Size(GIB));
        insta::assert_snapshot!(warning.expect("a warning").render());
    }
}
