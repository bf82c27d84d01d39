//! Paketo's memory calculator: fixed regions for direct memory, metaspace, code cache and thread
//! stacks, an optional headroom, and the heap gets the rest. Regions the user already sized in
//! `JAVA_TOOL_OPTIONS`/`JAVA_OPTS` are kept as they are and not emitted again.

use crate::errors;
use crate::memory_total::TotalMemory;
use crate::size::{MIB, Size};
use crate::tool_options::ToolOptions;
use stowage_kit::Error;

const DIRECT_MEMORY: Size = Size(10 * MIB);
const CODE_CACHE: Size = Size(240 * MIB);
const STACK: Size = Size(MIB);
/// Metaspace = a fixed overhead plus a share per loaded class (bytes).
const METASPACE_OVERHEAD: u64 = 14_000_000;
const METASPACE_PER_CLASS: u64 = 5_800;

pub(crate) const HEAP_FLAG: &str = "-Xmx";
pub(crate) const STACK_FLAG: &str = "-Xss";
pub(crate) const METASPACE_FLAG: &str = "-XX:MaxMetaspaceSize=";
pub(crate) const CODE_CACHE_FLAG: &str = "-XX:ReservedCodeCacheSize=";
pub(crate) const DIRECT_FLAG: &str = "-XX:MaxDirectMemorySize=";

/// The classes the metaspace is sized for, and whether the user gave the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadedClasses {
    pub count: u64,
    pub from_variable: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryInputs {
    pub total: TotalMemory,
    pub thread_count: u64,
    pub classes: LoadedClasses,
    /// Percent of the total left to neither heap nor the other regions (0–100).
    pub head_room_percent: u64,
}

/// One region's size; `flag` is set when the user chose it with that flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub size: Size,
    pub flag: Option<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryConfiguration {
    pub inputs: MemoryInputs,
    pub heap: Region,
    pub metaspace: Region,
    pub stack: Region,
    pub code_cache: Region,
    pub direct: Region,
    pub head_room: Size,
}

/// Sizes every region, or says which numbers do not fit in the total.
pub fn calculate(
    inputs: MemoryInputs,
    options: &ToolOptions,
) -> Result<MemoryConfiguration, Error> {
    let metaspace = Size(
        METASPACE_OVERHEAD.saturating_add(METASPACE_PER_CLASS.saturating_mul(inputs.classes.count)),
    );
    let total = inputs.total.size.0;
    let head_room = u128::from(total) * u128::from(inputs.head_room_percent) / 100;
    let mut config = MemoryConfiguration {
        inputs,
        heap: user_region(options, HEAP_FLAG, Size(0))?,
        metaspace: user_region(options, METASPACE_FLAG, metaspace)?,
        stack: user_region(options, STACK_FLAG, STACK)?,
        code_cache: user_region(options, CODE_CACHE_FLAG, CODE_CACHE)?,
        direct: user_region(options, DIRECT_FLAG, DIRECT_MEMORY)?,
        head_room: Size(u64::try_from(head_room).unwrap_or(u64::MAX)),
    };
    let needed = config.needed();
    if needed > u128::from(total) {
        return Err(errors::memory_too_small(&config, needed));
    }
    if config.heap.flag.is_none() {
        // `needed` fits in the total here, so this cannot underflow.
        config.heap.size = Size(total - u64::try_from(needed).unwrap_or(total));
    }
    Ok(config)
}

fn user_region(options: &ToolOptions, flag: &'static str, default: Size) -> Result<Region, Error> {
    match options.last_value(flag) {
        None => Ok(Region {
            size: default,
            flag: None,
        }),
        Some(value) => Size::parse(value)
            .map(|size| Region {
                size,
                flag: Some(flag),
            })
            .ok_or_else(|| errors::invalid_memory_flag(flag, value)),
    }
}

impl MemoryConfiguration {
    /// Every region but a calculated heap, plus the headroom (bytes, without overflow).
    fn needed(&self) -> u128 {
        let stacks = u128::from(self.stack.size.0) * u128::from(self.inputs.thread_count);
        let user_heap = if self.heap.flag.is_some() {
            self.heap.size.0
        } else {
            0
        };
        [self.metaspace, self.code_cache, self.direct]
            .iter()
            .map(|region| u128::from(region.size.0))
            .sum::<u128>()
            + stacks
            + u128::from(self.head_room.0)
            + u128::from(user_heap)
    }

    /// The flags to add to `JAVA_TOOL_OPTIONS`: the calculated regions only, in Paketo's order.
    #[must_use]
    pub fn flags(&self) -> Vec<String> {
        [
            self.direct,
            self.heap,
            self.metaspace,
            self.code_cache,
            self.stack,
        ]
        .into_iter()
        .zip([
            DIRECT_FLAG,
            HEAP_FLAG,
            METASPACE_FLAG,
            CODE_CACHE_FLAG,
            STACK_FLAG,
        ])
        .filter(|(region, _)| region.flag.is_none())
        .map(|(region, flag)| format!("{flag}{}", region.size))
        .collect()
    }

    /// The thread stacks together.
    #[must_use]
    pub fn stacks(&self) -> Size {
        Size(self.stack.size.0.saturating_mul(self.inputs.thread_count))
    }

    /// The non-heap regions as the user reads them, each with where its size came from.
    #[must_use]
    pub fn fixed_parts(&self) -> String {
        let classes = if self.inputs.classes.from_variable {
            format!(
                "{} classes, BPL_JVM_LOADED_CLASS_COUNT",
                self.inputs.classes.count
            )
        } else {
            format!("{} classes", self.inputs.classes.count)
        };
        let stack = match self.stack.flag {
            Some(flag) => format!("{} from {flag}", self.stack.size),
            None => self.stack.size.to_string(),
        };
        let mut parts = vec![
            format!(
                "metaspace {}",
                described(self.metaspace, &format!("({classes})"))
            ),
            format!(
                "thread stacks {} ({} × {stack})",
                self.stacks(),
                self.inputs.thread_count
            ),
            format!("code cache {}", described(self.code_cache, "")),
            format!("direct {}", described(self.direct, "")),
        ];
        parts.push(if self.inputs.head_room_percent == 0 {
            "headroom 0".to_string()
        } else {
            format!(
                "headroom {} ({}%)",
                self.head_room, self.inputs.head_room_percent
            )
        });
        parts.join(" + ")
    }

    /// The whole calculation in one line, for the launch log.
    #[must_use]
    pub fn arithmetic(&self) -> String {
        let total = self.inputs.total;
        let mut line = format!(
            "Memory: {} total ({}) = heap {} + {}",
            total.size,
            total.source,
            described(self.heap, ""),
            self.fixed_parts()
        );
        let unused = u128::from(total.size.0).saturating_sub(self.needed());
        if self.heap.flag.is_some() && unused > 0 {
            let unused = Size(u64::try_from(unused).unwrap_or(0));
            line = format!("{line} + unused {unused}");
        }
        line
    }
}

/// `240M`, `240M (from -XX:ReservedCodeCacheSize)` when the user chose it, else with `note`.
fn described(region: Region, note: &str) -> String {
    match (region.flag, note) {
        (Some(flag), _) => format!("{} (from {})", region.size, flag.trim_end_matches('=')),
        (None, "") => region.size.to_string(),
        (None, note) => format!("{} {note}", region.size),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::size::{GIB, KIB};

    fn inputs(total: u64, threads: u64, classes: u64, head_room: u64) -> MemoryInputs {
        MemoryInputs {
            total: TotalMemory {
                size: Size(total),
                source: "cgroup v2 memory.max",
            },
            thread_count: threads,
            classes: LoadedClasses {
                count: classes,
                from_variable: false,
            },
            head_room_percent: head_room,
        }
    }

    #[test]
    fn one_gigabyte_250_threads_12000_classes() {
        let config = calculate(inputs(GIB, 250, 12_000, 0), &ToolOptions::default()).expect("fits");
        // metaspace 14,000,000 + 5,800 × 12,000 = 83,600,000 B; stacks 250 × 1M = 262,144,000 B;
        // code cache 251,658,240 B; direct 10,485,760 B; together 607,888,000 B.
        // heap = 1,073,741,824 − 607,888,000 = 465,853,824 B = 454,935.375K, floored.
        assert_eq!(config.heap.size, Size(465_853_824));
        assert_eq!(config.metaspace.size, Size(83_600_000));
        assert_eq!(
            config.flags(),
            [
                "-XX:MaxDirectMemorySize=10M",
                "-Xmx454935K",
                "-XX:MaxMetaspaceSize=81640K",
                "-XX:ReservedCodeCacheSize=240M",
                "-Xss1M",
            ]
        );
        assert_eq!(
            config.arithmetic(),
            "Memory: 1G total (cgroup v2 memory.max) = heap 454935K + metaspace 81640K \
             (12000 classes) + thread stacks 250M (250 × 1M) + code cache 240M + direct 10M \
             + headroom 0"
        );
    }

    #[test]
    fn headroom_is_a_share_of_the_total() {
        // 2G, 100 threads, 5,000 classes, 10%: headroom 214,748,364 B (floored);
        // metaspace 43,000,000; stacks 104,857,600; code 251,658,240; direct 10,485,760.
        // heap = 2,147,483,648 − 624,749,964 = 1,522,733,684 B = 1,487,044.6K.
        let config =
            calculate(inputs(2 * GIB, 100, 5_000, 10), &ToolOptions::default()).expect("fits");
        assert_eq!(config.head_room, Size(214_748_364));
        assert_eq!(config.heap.size, Size(1_522_733_684));
        assert_eq!(config.flags()[1], "-Xmx1487044K");
        assert!(
            config.arithmetic().ends_with("+ headroom 209715K (10%)"),
            "{}",
            config.arithmetic()
        );
    }

    #[test]
    fn user_flags_are_kept_and_not_emitted_again() {
        let options = ToolOptions::parse("-Xss512k -Xmx300M -XX:MaxMetaspaceSize=100M");
        let config = calculate(inputs(GIB, 250, 12_000, 0), &options).expect("fits");
        assert_eq!(config.stack.size, Size(512 * KIB));
        assert_eq!(config.heap.size, Size(300 * MIB));
        assert_eq!(
            config.flags(),
            [
                "-XX:MaxDirectMemorySize=10M",
                "-XX:ReservedCodeCacheSize=240M"
            ]
        );
        // 1024M − (300 + 100 + 125 + 240 + 10)M = 249M nobody uses.
        assert_eq!(
            config.arithmetic(),
            "Memory: 1G total (cgroup v2 memory.max) = heap 300M (from -Xmx) + metaspace 100M \
             (from -XX:MaxMetaspaceSize) + thread stacks 125M (250 × 512K from -Xss) + code \
             cache 240M + direct 10M + headroom 0 + unused 249M"
        );
    }

    #[test]
    fn a_user_flag_that_is_no_size_is_an_error() {
        let error = calculate(
            inputs(GIB, 250, 1, 0),
            &ToolOptions::parse("-XX:ReservedCodeCacheSize=lots"),
        )
        .expect_err("not a size");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn fixed_regions_larger_than_the_limit() {
        // 512M: metaspace 83,600,000 + stacks 250M + code 240M + direct 10M = 579.7M.
        let error = calculate(inputs(512 * MIB, 250, 12_000, 0), &ToolOptions::default())
            .expect_err("too small");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn headroom_and_a_user_heap_count_too() {
        let error = calculate(inputs(GIB, 50, 1_000, 25), &ToolOptions::parse("-Xmx700M"))
            .expect_err("too small");
        insta::assert_snapshot!(error.render());
        // Regions without headroom: 700M + 19,800,000 + 50M + 240M + 10M = 1,068,376,000 B;
        // with 25% headroom the limit must be ≥ 1,068,376,000 / 0.75 = 1,424,501,334 B = 1358.5M.
        assert!(error.body.contains("at least 1359M"), "{}", error.body);
        let user = ToolOptions::parse("-Xmx700M");
        calculate(inputs(1359 * MIB, 50, 1_000, 25), &user).expect("the suggested limit fits");
        calculate(inputs(1358 * MIB, 50, 1_000, 25), &user).expect_err("a MiB less does not");
    }

    #[test]
    fn exactly_full_is_allowed_and_leaves_no_heap() {
        let fixed = 14_000_000 + 10 * MIB + 240 * MIB + 10 * MIB;
        let config = calculate(inputs(fixed, 10, 0, 0), &ToolOptions::default()).expect("fits");
        assert_eq!(config.heap.size, Size(0));
    }
}
