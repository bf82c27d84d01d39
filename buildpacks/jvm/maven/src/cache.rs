//! The local Maven repository (`~/.m2`): the shared tool cache layer. The wrapper's Maven
//! distributions live there too.

use crate::MavenBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use std::path::PathBuf;
use stowage_jvm::tool_cache::{self, ToolHome};
use stowage_kit::Error;
use stowage_kit::output::Output;

/// The `~/.m2` folder for this build: `MAVEN_USER_HOME`, with the local repository inside.
pub(crate) fn open(
    context: &BuildContext<MavenBuildpack>,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let home = ToolHome {
        section: "Maven's local repository (~/.m2, layer cache)",
        restored: "the local Maven repository (~/.m2) of the last build is restored",
        inside: Some("repository"),
    };
    tool_cache::open(context, &home, errors::cache_unwritable, output)
}
