//! Gradle's user home (`~/.gradle`, `GRADLE_USER_HOME`): the shared tool cache layer, holding
//! the dependency cache and the wrapper's Gradle distributions.

use crate::GradleBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use std::path::PathBuf;
use stowage_jvm::tool_cache::{self, ToolHome};
use stowage_kit::Error;
use stowage_kit::output::Output;

/// The `GRADLE_USER_HOME` folder for this build.
pub(crate) fn open(
    context: &BuildContext<GradleBuildpack>,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let home = ToolHome {
        section: "Gradle's user home (~/.gradle, layer cache)",
        restored: "Gradle's user home (~/.gradle) of the last build is restored",
        inside: None,
    };
    tool_cache::open(context, &home, errors::unwritable, output)
}
