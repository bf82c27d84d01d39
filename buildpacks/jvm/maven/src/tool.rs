//! Which Maven runs: the app's `mvnw` when it has one, else Apache Maven from the inventory
//! (`BP_MAVEN_VERSION`), installed into the cache-only layer `maven` and kept while its
//! checksum is unchanged.

use crate::MavenBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::path::Path;
use stowage_jvm::build_tool::{self, Selected, Tool, WrapperError};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::output::Output;

pub(crate) fn select(
    context: &BuildContext<MavenBuildpack>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<Selected, Error> {
    let maven = Tool {
        name: "Maven",
        wrapper: "mvnw",
        dependency: "maven",
        layer: layer_name!("maven"),
        version_variable: "BP_MAVEN_VERSION",
        program: "mvn",
    };
    build_tool::select(context, &maven, config, output, |error| {
        let mvnw = Path::new("mvnw");
        match error {
            WrapperError::Unreadable(error) => errors::unreadable(mvnw, &error),
            WrapperError::Unrunnable(reason) => errors::mvnw_not_runnable(mvnw, &reason),
        }
    })
}
