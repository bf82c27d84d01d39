//! Runs the scripts with the app's package manager, with every dependency in reach.

use std::path::Path;
use stowage_kit::Error;
use stowage_kit::command::run_streamed;
use stowage_kit::output::Output;
use stowage_nodejs::{PackageManager, PackageManagerEnv};

/// Runs each script in order with `<manager> run <script>`; the first failure stops the build.
pub(crate) fn run_all(
    env: &PackageManagerEnv,
    manager: PackageManager,
    project_dir: &Path,
    scripts: &[String],
    output: &mut Output,
) -> Result<(), Error> {
    for script in scripts {
        let program = manager.program();
        let advice = format!(
            "The `{script}` script from package.json failed. Fix it so that `{program} run {script}`\n\
             succeeds in the project folder, or remove it from BP_NODE_RUN_SCRIPTS."
        );
        run_streamed(
            &mut env.command(program, &["run", script], project_dir),
            output,
            "node-run-script/script-failed",
            &advice,
        )
        .map_err(|error| error.file("package.json"))?;
    }
    Ok(())
}
