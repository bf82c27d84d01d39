//! The CPUs the container may use: its cgroup CPU quota rounded up, at most the machine's CPUs.
//! Java before 17 can misjudge this in containers, so the helper tells it.

use std::path::Path;

/// Read under `root` (`/` outside tests); `host_cpus` is what the machine offers this process.
#[must_use]
pub fn cpu_count(root: &Path, host_cpus: usize) -> usize {
    let host_cpus = host_cpus.max(1);
    quota_cpus(root).map_or(host_cpus, |cpus| cpus.clamp(1, host_cpus))
}

fn quota_cpus(root: &Path) -> Option<usize> {
    // cgroup v2: `<quota> <period>`, or `max <period>` for no limit.
    if let Some(text) = read(root, "sys/fs/cgroup/cpu.max") {
        let mut fields = text.split_whitespace();
        return ratio(fields.next()?, fields.next()?);
    }
    // cgroup v1: quota -1 means no limit.
    ["sys/fs/cgroup/cpu", "sys/fs/cgroup/cpu,cpuacct"]
        .iter()
        .find_map(|dir| {
            let quota = read(root, &format!("{dir}/cpu.cfs_quota_us"))?;
            let period = read(root, &format!("{dir}/cpu.cfs_period_us"))?;
            ratio(&quota, &period)
        })
}

fn ratio(quota: &str, period: &str) -> Option<usize> {
    let quota: u64 = quota.trim().parse().ok()?;
    let period: u64 = period.trim().parse().ok().filter(|period| *period > 0)?;
    usize::try_from(quota.div_ceil(period)).ok()
}

fn read(root: &Path, path: &str) -> Option<String> {
    std::fs::read_to_string(root.join(path)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::root;

    #[test]
    fn cgroup_v2_quota_is_rounded_up_and_capped_by_the_machine() {
        let dir = root(&[("sys/fs/cgroup/cpu.max", "150000 100000\n")]);
        assert_eq!(cpu_count(dir.path(), 8), 2);
        assert_eq!(cpu_count(dir.path(), 1), 1);
        let tiny = root(&[("sys/fs/cgroup/cpu.max", "1000 100000\n")]);
        assert_eq!(cpu_count(tiny.path(), 8), 1);
    }

    #[test]
    fn no_quota_means_the_machines_cpus() {
        let v2 = root(&[("sys/fs/cgroup/cpu.max", "max 100000\n")]);
        assert_eq!(cpu_count(v2.path(), 6), 6);
        let v1 = root(&[
            ("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n"),
            ("sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n"),
        ]);
        assert_eq!(cpu_count(v1.path(), 6), 6);
        assert_eq!(cpu_count(root(&[]).path(), 3), 3);
        assert_eq!(cpu_count(root(&[]).path(), 0), 1);
    }

    #[test]
    fn cgroup_v1_quota() {
        let dir = root(&[
            ("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "300000\n"),
            ("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n"),
        ]);
        assert_eq!(cpu_count(dir.path(), 16), 3);
    }
}
