//! Which Gradle runs: the app's `gradlew` when it has one (made executable when it is not),
//! else Gradle from the inventory (`BP_GRADLE_VERSION`), in the cache-only layer `gradle`,
//! kept while its checksum is unchanged.

use crate::GradleBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::path::PathBuf;
use stowage_jvm::build_tool::{self, Tool, WrapperError};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::output::Output;

pub(crate) fn select(
    context: &BuildContext<GradleBuildpack>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let gradle = Tool {
        name: "Gradle",
        wrapper: "gradlew",
        dependency: "gradle",
        layer: layer_name!("gradle"),
        version_variable: "BP_GRADLE_VERSION",
        program: "gradle",
    };
    let selected = build_tool::select(context, &gradle, config, output, |error| match error {
        WrapperError::Unreadable(error) => {
            errors::gradlew_not_runnable(&format!("It cannot be read: {error}."))
        }
        WrapperError::Unrunnable(reason) => errors::gradlew_not_runnable(&reason),
    })?;
    Ok(selected.program)
}
