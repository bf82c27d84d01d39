//! The default `web` process of the start buildpacks (node-start, npm-start, yarn-start).

use crate::installer_plan::at_launch;
use libcnb::build::BuildContext;
use libcnb::data::build_plan::{BuildPlan, BuildPlanBuilder};
use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder, WorkingDirectory};
use libcnb::data::process_type;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::{Buildpack, Platform};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::web_process;

/// Paketo's request for a web server (nginx, httpd) to serve the app's built files.
pub const WEB_SERVER: &str = "BP_WEB_SERVER";

/// The plan of a start buildpack: `node` and `node_modules`, at launch, and its claim on
/// the `web` process ([`web_process::claim`]).
pub fn start_plan(buildpack_id: &str) -> Result<BuildPlan, Error> {
    let plan = BuildPlanBuilder::new()
        .requires(at_launch("node")?)
        .requires(at_launch("node_modules")?);
    Ok(web_process::claim(plan, buildpack_id)?.build())
}

/// Detect's pass of a start buildpack, with [`start_plan`].
pub fn pass_with_start_plan<B: Buildpack>(
    context: &DetectContext<B>,
) -> libcnb::Result<DetectResult, Error> {
    DetectResultBuilder::pass()
        .build_plan(start_plan(
            context.buildpack_descriptor.buildpack.id.as_str(),
        )?)
        .build()
}

/// After a start buildpack set `web`: logs whether another start buildpack's `web` replaces it
/// or is replaced, and warns when `BP_WEB_SERVER` asks for a web server that nothing provides.
pub fn settle_web<B: Buildpack>(
    context: &BuildContext<B>,
    output: &mut Output,
) -> Result<(), Error> {
    let claims = web_process::settle(context, output)?;
    let config = Config::new(context.platform.env());
    // A web-server buildpack would set `web` after this one, so only the winner warns.
    if let Some(server) = config.string(WEB_SERVER).filter(|_| claims.wins()) {
        output.warning(&web_server_unserved(&server));
    }
    Ok(())
}

/// A warning: `BP_WEB_SERVER` is set, but no buildpack of the build serves it.
#[must_use]
pub fn web_server_unserved(server: &str) -> Error {
    Error::new(
        "nodejs/web-server-unserved",
        format!(
            "{WEB_SERVER}={server} is set, but no web-server buildpack is in this build: the app starts with Node.js"
        ),
        format!(
            "Stowage has no web-server buildpack yet, so the app's `web` process is the Node.js\n\
             command above and no {server} serves its files. Unset {WEB_SERVER} to silence this,\n\
             or build with a builder whose order has a web-server buildpack for {server} after the Node.js ones."
        ),
    )
    .variable(WEB_SERVER)
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
    fn a_start_buildpack_needs_node_and_node_modules_at_launch_and_claims_web() {
        let plan = toml::to_string(&start_plan("stowage/npm-start").expect("plan")).expect("toml");
        assert_eq!(plan.matches("launch = true").count(), 2, "{plan}");
        assert!(plan.contains("name = \"node_modules\""), "{plan}");
        assert!(plan.contains("buildpack = \"stowage/npm-start\""), "{plan}");
    }

    #[test]
    fn an_unserved_web_server_is_explained() {
        insta::assert_snapshot!(web_server_unserved("nginx").render());
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
