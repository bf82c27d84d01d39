//! The lifecycle phases, run one by one as a platform runs them, by `stowage_build_phases`
//! in `scripts/lib/tools.sh` (which `scripts/build-app` runs too).

use super::tools::tools;
use std::path::Path;
use std::process::Command;

pub(super) const PHASES: [&str; 5] = ["analyzer", "detector", "restorer", "builder", "exporter"];

#[derive(Debug)]
pub struct PhaseRun {
    pub name: &'static str,
    pub code: Option<i32>,
    pub output: String,
}

impl PhaseRun {
    #[must_use]
    pub fn succeeded(&self) -> bool {
        self.code == Some(0)
    }
}

/// Runs `phases` (the first of [`PHASES`]) for the app in `work`; the phases after a failed
/// one do not run.
pub(super) fn run(work: &Path, image_ref: &str, phases: &[&'static str]) -> Vec<PhaseRun> {
    let tools = tools();
    let status = Command::new("bash")
        .arg("-c")
        .arg(r#"source "$0" && stowage_build_phases "$@""#)
        .arg(&tools.shell_library)
        .arg(work)
        .arg(image_ref)
        .env("CNB_USER_ID", &tools.user_id)
        .env("CNB_GROUP_ID", &tools.group_id)
        .env("STOWAGE_LIFECYCLE_DIR", &tools.lifecycle_dir)
        .env("STOWAGE_RUN_IMAGE_LAYOUT", &tools.run_image_layout)
        .env("STOWAGE_PHASES", phases.join(" "))
        .status()
        .expect("run stowage_build_phases");
    let runs: Vec<PhaseRun> = phases
        .iter()
        .map_while(|name| {
            let code =
                fs_err::read_to_string(work.join("logs").join(format!("{name}.code"))).ok()?;
            Some(PhaseRun {
                name,
                code: code.trim().parse().ok(),
                output: fs_err::read_to_string(work.join("logs").join(format!("{name}.log")))
                    .unwrap_or_default(),
            })
        })
        .collect();
    assert!(
        status.success() || runs.last().is_some_and(|run| !run.succeeded()),
        "the build stopped before any phase ran ({status}); see the output above"
    );
    runs
}

/// The phases read these as the build user.
pub(super) fn make_readable(dir: &Path) {
    let status = Command::new("chmod")
        .arg("-R")
        .arg("a+rX")
        .arg(dir)
        .status()
        .expect("run chmod");
    assert!(status.success(), "chmod {} failed", dir.display());
}
