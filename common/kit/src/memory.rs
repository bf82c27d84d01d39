//! How much memory a process may use at launch: the cgroup limit, else the machine's memory.

use std::path::Path;

/// cgroup v1 reports "no limit" as a huge number near `i64::MAX`, rounded to the page size.
const CGROUP_V1_UNLIMITED: u64 = 1 << 60;

/// Where the limit came from, so a launch log can say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemorySource {
    CgroupV2,
    CgroupV1,
    MemInfo,
}

/// Bytes available to this container, read under `root` (`/` outside tests).
#[must_use]
pub fn available_memory(root: &Path) -> Option<(u64, MemorySource)> {
    cgroup_limit(root)
        .or_else(|| meminfo(root, "MemTotal:").map(|total| (total, MemorySource::MemInfo)))
}

/// Like [`available_memory`], but without a cgroup limit only the memory the machine has free
/// now (`MemAvailable`) counts, for runtimes that reserve their whole size up front.
#[must_use]
pub fn available_memory_now(root: &Path) -> Option<(u64, MemorySource)> {
    cgroup_limit(root)
        .or_else(|| meminfo(root, "MemAvailable:").map(|free| (free, MemorySource::MemInfo)))
}

fn cgroup_limit(root: &Path) -> Option<(u64, MemorySource)> {
    let v2 = read_trimmed(&root.join("sys/fs/cgroup/memory.max"));
    if let Some(limit) = v2.as_deref().and_then(|value| value.parse::<u64>().ok()) {
        return Some((limit, MemorySource::CgroupV2));
    }
    let v1 = read_trimmed(&root.join("sys/fs/cgroup/memory/memory.limit_in_bytes"));
    if let Some(limit) = v1
        .as_deref()
        .and_then(|value| value.parse::<u64>().ok())
        .filter(|limit| *limit < CGROUP_V1_UNLIMITED)
    {
        return Some((limit, MemorySource::CgroupV1));
    }
    None
}

fn read_trimmed(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|text| text.trim().to_string())
}

/// A `/proc/meminfo` line's value (kB) in bytes.
fn meminfo(root: &Path, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(root.join("proc/meminfo")).ok()?;
    let line = text.lines().find(|line| line.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, content) in files {
            let path = dir.path().join(path);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, content).expect("write");
        }
        dir
    }

    const MEMINFO: &str = "MemTotal:        2048 kB\nMemFree:  1 kB\nMemAvailable:  1024 kB\n";

    #[test]
    fn cgroup_v2_limit_wins() {
        let dir = root(&[
            ("sys/fs/cgroup/memory.max", "536870912\n"),
            ("proc/meminfo", MEMINFO),
        ]);
        assert_eq!(
            available_memory(dir.path()),
            Some((536_870_912, MemorySource::CgroupV2))
        );
    }

    #[test]
    fn unlimited_cgroups_fall_back_to_meminfo() {
        let dir = root(&[
            ("sys/fs/cgroup/memory.max", "max\n"),
            (
                "sys/fs/cgroup/memory/memory.limit_in_bytes",
                "9223372036854771712\n",
            ),
            ("proc/meminfo", MEMINFO),
        ]);
        assert_eq!(
            available_memory(dir.path()),
            Some((2048 * 1024, MemorySource::MemInfo))
        );
    }

    #[test]
    fn memory_now_is_the_free_memory_without_a_limit() {
        let unlimited = root(&[
            ("sys/fs/cgroup/memory.max", "max\n"),
            ("proc/meminfo", MEMINFO),
        ]);
        assert_eq!(
            available_memory_now(unlimited.path()),
            Some((1024 * 1024, MemorySource::MemInfo))
        );
        let limited = root(&[
            ("sys/fs/cgroup/memory.max", "536870912\n"),
            ("proc/meminfo", MEMINFO),
        ]);
        assert_eq!(
            available_memory_now(limited.path()),
            Some((536_870_912, MemorySource::CgroupV2))
        );
    }

    #[test]
    fn cgroup_v1_limit_is_used() {
        let dir = root(&[("sys/fs/cgroup/memory/memory.limit_in_bytes", "1073741824")]);
        assert_eq!(
            available_memory(dir.path()),
            Some((1 << 30, MemorySource::CgroupV1))
        );
    }

    #[test]
    fn nothing_readable_is_none() {
        let dir = root(&[]);
        assert_eq!(available_memory(dir.path()), None);
    }
}
