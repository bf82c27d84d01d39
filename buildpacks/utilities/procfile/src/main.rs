//! stowage/procfile: launch processes from a Procfile.
//!
//! Detect passes when the app has a `Procfile` or the platform gives a binding of type
//! `Procfile`. Build reads the file, then the bindings (a binding's process replaces the file's
//! process of the same type), and declares each as `bash -c <command>`. `web` is the default
//! process unless `BP_PROCFILE_DEFAULT_PROCESS` names another; without `web`, a lone process
//! is. Lines that are not process lines are skipped with a warning, as Paketo skips them. It
//! installs nothing.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod errors;
mod processes;
mod procfile;
mod sources;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::platform;
use stowage_kit::web_process;
use stowage_kit::{Error, error};

pub struct ProcfileBuildpack;

impl Buildpack for ProcfileBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let bindings = platform::bindings()?;
        if !sources::present(&context.app_dir, &bindings) {
            return DetectResultBuilder::fail().build();
        }
        // Build reports a source it cannot read; detect only needs to know about `web`.
        let defines_web = sources::read(&context.app_dir, &bindings)
            .is_ok_and(|read| sources::defines_web(&read));
        if !defines_web {
            return DetectResultBuilder::pass().build();
        }
        let id = context.buildpack_descriptor.buildpack.id.as_str();
        DetectResultBuilder::pass()
            .build_plan(web_process::claim(BuildPlanBuilder::new(), id)?.build())
            .build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let bindings = platform::bindings()?;

        output.section("Reading processes");
        let read = sources::read(&context.app_dir, &bindings)?;
        for (source, parsed) in &read {
            output.step(&format!("{source}: {}", count(parsed.entries.len())));
        }
        for warning in sources::skipped_lines(&read) {
            output.warning(&warning);
        }
        let first = read.first().map(|(source, _)| source.clone());
        let merged = sources::merge(read);
        for (process_type, old, new) in &merged.replaced {
            output.detail(&format!(
                "{process_type} from {new} replaces the one from {old}"
            ));
        }
        for warning in &merged.warnings {
            output.warning(warning);
        }
        if merged.processes.is_empty() {
            output.warning(&errors::no_processes(first.as_ref()));
            return BuildResultBuilder::new().build();
        }

        let default = processes::default_type(&merged.processes, &config)?;
        output.section("Assigning launch processes (each runs with `bash -c <command>`)");
        for process in &merged.processes {
            let marker = if default.as_deref() == Some(process.process_type.as_str()) {
                " (default)"
            } else {
                ""
            };
            output.step(&format!(
                "{}{marker}: {}",
                process.process_type, process.command
            ));
        }
        if default.is_none() {
            output.step(&format!(
                "No default process: there is no `web`, more than one other process, and {} is not set",
                processes::DEFAULT_PROCESS
            ));
        }
        if merged
            .processes
            .iter()
            .any(|p| p.process_type.as_str() == "web")
        {
            web_process::settle(&context, &mut output)?;
        }
        let launch = processes::launch(&merged.processes, default.as_deref());
        BuildResultBuilder::new().launch(launch).build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

fn count(processes: usize) -> String {
    match processes {
        1 => "1 process".to_string(),
        n => format!("{n} processes"),
    }
}

buildpack_main!(ProcfileBuildpack);
