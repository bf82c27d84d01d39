//! What the Ruby start buildpacks (rackup, puma, thin, unicorn, passenger, rake) share: the
//! plan asking for Ruby, Bundler and the gems at launch, and the `web` process they set.

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::launch::{LaunchBuilder, ProcessBuilder};
use libcnb::data::process_type;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, web_process};

/// What a Rack server runs with: Ruby, Bundler and the app's gems.
pub const APP_GEMS: &[&str] = &["gems", "bundler", "mri"];

/// A start buildpack's detect: fails unless `detected`; else passes with a plan requiring
/// each of `names` at launch and claiming the `web` process.
pub fn detect<B: libcnb::Buildpack<Error = Error>>(
    context: &DetectContext<B>,
    detected: bool,
    names: &[&str],
) -> libcnb::Result<DetectResult, Error> {
    if !detected {
        return DetectResultBuilder::fail().build();
    }
    let mut plan = BuildPlanBuilder::new();
    for name in names {
        plan = plan.requires(require(name, false, true));
    }
    let plan = web_process::claim(plan, context.buildpack_descriptor.buildpack.id.as_str())?;
    DetectResultBuilder::pass().build_plan(plan.build()).build()
}

/// `bash -c 'exec <script>'`: the shell expands `${PORT:-…}` at launch, and `exec` lets the
/// server get the platform's signals.
#[must_use]
pub fn command(script: &str) -> Vec<String> {
    vec![
        "bash".to_string(),
        "-c".to_string(),
        format!("exec {script}"),
    ]
}

/// `path` single-quoted for the shell.
#[must_use]
pub fn quote(path: &std::path::Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Logs and sets the default `web` process running `script` (see [`command`]).
pub fn web<B: libcnb::Buildpack<Error = Error>>(
    context: &BuildContext<B>,
    output: &mut Output,
    script: &str,
) -> libcnb::Result<BuildResult, Error> {
    let command = command(script);
    output.step(&format!("web (default): {}", command[2]));
    web_process::settle(context, output)?;
    BuildResultBuilder::new()
        .launch(
            LaunchBuilder::new()
                .process(
                    ProcessBuilder::new(process_type!("web"), command)
                        .default(true)
                        .build(),
                )
                .build(),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(
            quote(std::path::Path::new("/workspace/it's.yml")),
            r"'/workspace/it'\''s.yml'"
        );
    }

    #[test]
    fn the_shell_reads_port_at_launch_and_execs_the_server() {
        assert_eq!(
            command("bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}"),
            [
                "bash",
                "-c",
                "exec bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292}"
            ]
        );
    }
}
