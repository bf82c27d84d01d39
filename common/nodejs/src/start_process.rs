//! The default `web` process of the start buildpacks (node-start, npm-start, yarn-start).

use crate::installer_plan::at_launch;
use libcnb::data::build_plan::{BuildPlan, BuildPlanBuilder};
use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder, WorkingDirectory};
use libcnb::data::process_type;
use libcnb::detect::{DetectResult, DetectResultBuilder};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::output::Output;

/// The plan of a start buildpack: `node` and `node_modules`, at launch.
pub fn start_plan() -> Result<BuildPlan, Error> {
    Ok(BuildPlanBuilder::new()
        .requires(at_launch("node")?)
        .requires(at_launch("node_modules")?)
        .build())
}

/// Detect's pass of a start buildpack, with [`start_plan`].
pub fn pass_with_start_plan() -> libcnb::Result<DetectResult, Error> {
    DetectResultBuilder::pass()
        .build_plan(start_plan()?)
        .build()
}

/// The default `web` process: `command` with `args` (which a user's arguments replace), in
/// the project folder. The log shows it as `shown`.
#[must_use]
pub fn web_process(
    command: &[&str],
    args: &[&str],
    shown: &str,
    project: PathBuf,
    output: &mut Output,
) -> Launch {
    output.section("Assigning launch processes");
    output.step(&format!("web (default): {shown}"));
    let process = ProcessBuilder::new(process_type!("web"), command.iter().copied())
        .args(args.iter().copied())
        .default(true)
        .working_directory(WorkingDirectory::Directory(project))
        .build();
    LaunchBuilder::new().process(process).build()
}

/// The default `web` process `bash -c '<script>'`. A script run by bash rather than the package
/// manager gets the signals itself (bash execs a lone simple command).
#[must_use]
pub fn bash_web_process(script: &str, project: PathBuf, output: &mut Output) -> Launch {
    let shown = format!("bash -c '{script}'");
    web_process(&["bash", "-c", script], &[], &shown, project, output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_buildpack_needs_node_and_node_modules_at_launch() {
        let plan = toml::to_string(&start_plan().expect("plan")).expect("toml");
        assert_eq!(plan.matches("launch = true").count(), 2, "{plan}");
        assert!(plan.contains("name = \"node_modules\""), "{plan}");
    }

    #[test]
    fn arguments_stay_apart_from_the_command() {
        let mut output = Output::new(Box::new(std::io::sink()), false);
        let shown = "node server.js";
        let launch = web_process(
            &["node"],
            &["server.js"],
            shown,
            PathBuf::new(),
            &mut output,
        );
        assert_eq!(launch.processes[0].command, ["node"]);
        assert_eq!(launch.processes[0].args, ["server.js"]);
    }

    #[test]
    fn runs_the_script_by_bash_in_the_project_folder() {
        let mut output = Output::new(Box::new(std::io::sink()), false);
        let launch = bash_web_process("node server.js", PathBuf::from("app"), &mut output);
        let process = &launch.processes[0];
        assert_eq!(process.command, ["bash", "-c", "node server.js"]);
        assert!(process.args.is_empty());
        assert!(process.default);
        assert_eq!(
            process.working_directory,
            WorkingDirectory::Directory(PathBuf::from("app"))
        );
    }
}
