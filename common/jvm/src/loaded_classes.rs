//! How many classes the metaspace is sized for: `BPL_JVM_LOADED_CLASS_COUNT`, else 35% of the
//! classes the runtime, the app and its agents hold, adjusted by `BPL_JVM_CLASS_ADJUSTMENT`.

use crate::class_count::{app_classes, jar_classes};
use crate::memory_calculator::LoadedClasses;
use crate::tool_options::ToolOptions;
use std::path::Path;
use std::str::FromStr;
use stowage_kit::Error;
use stowage_kit::config::Config;

/// The share of the classes present that an app typically loads (Paketo's factor).
const LOADED_SHARE: f64 = 0.35;

/// `N%` scales the count; a whole number (possibly negative) is added to it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ClassAdjustment {
    Percent(f64),
    Static(i64),
}

impl FromStr for ClassAdjustment {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text.strip_suffix('%') {
            Some(percent) => percent
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|percent| percent.is_finite() && *percent >= 0.0)
                .map(ClassAdjustment::Percent)
                .ok_or(()),
            None => text.parse().map(ClassAdjustment::Static).map_err(|_| ()),
        }
    }
}

/// `app_dir` is where the app is when `BPI_APPLICATION_PATH` (set by the JRE layer) is not.
pub fn loaded_classes(
    config: &Config,
    app_dir: &Path,
    options: &ToolOptions,
) -> Result<LoadedClasses, Error> {
    if let Some(count) = config.parse("BPL_JVM_LOADED_CLASS_COUNT", "a whole number")? {
        return Ok(LoadedClasses {
            count,
            from_variable: true,
        });
    }
    let jvm: u64 = config
        .parse("BPI_JVM_CLASS_COUNT", "a whole number")?
        .unwrap_or(0);
    let app_path = config
        .string("BPI_APPLICATION_PATH")
        .map_or_else(|| app_dir.to_path_buf(), |path| app_dir.join(path));
    let agents: u64 = options
        .values("-javaagent:")
        .map(|agent| agent.split_once('=').map_or(agent, |(jar, _)| jar))
        .map(|jar| jar_classes(&app_dir.join(jar)))
        .sum();
    let adjustment = config.parse(
        "BPL_JVM_CLASS_ADJUSTMENT",
        "a percentage such as `120%` or a whole number of classes to add",
    )?;
    let present = jvm + app_classes(&app_path) + agents;
    Ok(LoadedClasses {
        count: estimate(
            present,
            adjustment.unwrap_or(ClassAdjustment::Percent(100.0)),
        ),
        from_variable: false,
    })
}

// Paketo's float arithmetic, truncated; class counts are far below f64's exact range.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
fn estimate(present: u64, adjustment: ClassAdjustment) -> u64 {
    let (present, percent) = match adjustment {
        ClassAdjustment::Percent(percent) => (present as f64, percent),
        ClassAdjustment::Static(extra) => ((present as f64 + extra as f64).max(0.0), 100.0),
    };
    (present * percent / 100.0 * LOADED_SHARE) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class_count::tests::zip_bytes;
    use crate::test_support::env;

    /// An app with 100 class files and an agent jar with 20 classes.
    fn app() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let classes = dir.path().join("app/classes");
        fs_err::create_dir_all(&classes).expect("mkdir");
        for index in 0..100 {
            fs_err::write(classes.join(format!("C{index}.class")), "x").expect("write");
        }
        let names: Vec<String> = (0..20)
            .map(|index| format!("agent/A{index}.class"))
            .collect();
        let entries: Vec<_> = names.iter().map(|name| (name.as_str(), None)).collect();
        fs_err::create_dir_all(dir.path().join("agents")).expect("mkdir");
        fs_err::write(dir.path().join("agents/agent.jar"), zip_bytes(&entries)).expect("write");
        dir
    }

    fn count(pairs: &[(&str, &str)], options: &str) -> Result<LoadedClasses, Error> {
        let dir = app();
        let env = env(pairs);
        let app_dir = dir.path().join("app");
        let options = ToolOptions::parse(&options.replace("ROOT", &dir.path().to_string_lossy()));
        loaded_classes(&Config::new(&env), &app_dir, &options)
    }

    #[test]
    fn the_variable_wins() {
        let classes = count(&[("BPL_JVM_LOADED_CLASS_COUNT", "4321")], "").expect("count");
        assert_eq!(
            classes,
            LoadedClasses {
                count: 4321,
                from_variable: true
            }
        );
    }

    #[test]
    fn jvm_app_and_agents_times_35_percent() {
        // (1,000 + 100 + 20) × 0.35 = 392.
        let classes = count(
            &[("BPI_JVM_CLASS_COUNT", "1000")],
            "-javaagent:ROOT/agents/agent.jar=opt -javaagent:ROOT/missing.jar",
        )
        .expect("count");
        assert_eq!(
            classes,
            LoadedClasses {
                count: 392,
                from_variable: false
            }
        );
        // Without the agent: 1,100 × 0.35 = 385.
        let classes = count(&[("BPI_JVM_CLASS_COUNT", "1000")], "").expect("count");
        assert_eq!(classes.count, 385);
    }

    #[test]
    fn the_application_path_variable_points_at_the_app() {
        // Relative to the app dir; its parent holds only the agent jar (20 classes).
        let classes = count(&[("BPI_APPLICATION_PATH", "..")], "").expect("count");
        assert_eq!(classes.count, 42); // (100 + 20) × 0.35
    }

    #[test]
    fn the_adjustment_scales_or_adds() {
        // 1,100 × 150% × 0.35 = 577.5 → 577; (1,100 + 900) × 0.35 = 700; never below zero.
        let scaled = count(
            &[
                ("BPI_JVM_CLASS_COUNT", "1000"),
                ("BPL_JVM_CLASS_ADJUSTMENT", "150%"),
            ],
            "",
        );
        assert_eq!(scaled.expect("count").count, 577);
        let added = count(
            &[
                ("BPI_JVM_CLASS_COUNT", "1000"),
                ("BPL_JVM_CLASS_ADJUSTMENT", "900"),
            ],
            "",
        );
        assert_eq!(added.expect("count").count, 700);
        let removed = count(&[("BPL_JVM_CLASS_ADJUSTMENT", "-5000")], "");
        assert_eq!(removed.expect("count").count, 0);
    }

    #[test]
    fn bad_numbers_name_the_variable() {
        for (name, value) in [
            ("BPL_JVM_LOADED_CLASS_COUNT", "many"),
            ("BPL_JVM_CLASS_ADJUSTMENT", "x%"),
            ("BPI_JVM_CLASS_COUNT", "-1"),
        ] {
            let error = count(&[(name, value)], "").expect_err("invalid");
            assert_eq!(error.id, "config/invalid-value");
            assert!(error.header.starts_with(name), "{}", error.header);
        }
    }
}
