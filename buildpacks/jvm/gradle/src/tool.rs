//! Which Gradle runs: the app's `gradlew` when it has one (made executable when it is not),
//! else Gradle from the inventory (`BP_GRADLE_VERSION`), in the cache-only layer `gradle`,
//! kept while its checksum is unchanged.

use crate::GradleBuildpack;
use crate::errors;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Target;
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;

pub(crate) const GRADLE_VERSION: &str = "BP_GRADLE_VERSION";

pub(crate) fn select(
    context: &BuildContext<GradleBuildpack>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let gradlew = context.app_dir.join("gradlew");
    if gradlew.is_file() {
        output.section("Using the Gradle wrapper");
        prepare_wrapper(&gradlew, output)?;
        output.step("gradlew: the app's Gradle wrapper runs the Gradle version it names");
        return Ok(gradlew);
    }
    let inventory = &context.buildpack_descriptor.metadata;
    let constraint_text = config
        .string(GRADLE_VERSION)
        .filter(|value| !value.trim().is_empty())
        .or_else(|| inventory.default_version("gradle").map(str::to_string))
        .unwrap_or_else(|| "*".to_string());
    let constraint = SemverRequirement::parse(&constraint_text)
        .map_err(|error| error.variable(GRADLE_VERSION))?;
    let dependency = inventory.resolve("gradle", &constraint, &Target::from(&context.target))?;
    let opened = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("gradle"),
            dependency,
            // Only this buildpack runs it; the layer is cached, not in the image.
            build: false,
            launch: false,
        },
        config,
        output,
    )?;
    Ok(opened.path().join("bin").join("gradle"))
}

/// Makes `gradlew` executable when it is not, and refuses one the system cannot start.
fn prepare_wrapper(gradlew: &Path, output: &mut Output) -> Result<(), Error> {
    let unrunnable = |reason: String| errors::gradlew_not_runnable(&reason);
    let mode = fs_err::metadata(gradlew)
        .map_err(|error| unrunnable(format!("It cannot be read: {error}.")))?
        .permissions()
        .mode();
    if mode & 0o111 != 0o111 {
        fs_err::set_permissions(gradlew, std::fs::Permissions::from_mode(mode | 0o755)).map_err(
            |error| {
                unrunnable(format!(
                    "It is not executable and could not be made so: {error}."
                ))
            },
        )?;
        output.step("Made gradlew executable (it was committed without the executable bit)");
    }
    let mut head = Vec::new();
    fs_err::File::open(gradlew)
        .and_then(|file| file.take(512).read_to_end(&mut head))
        .map_err(|error| unrunnable(format!("It cannot be read: {error}.")))?;
    match stowage_jvm::build_tool::unrunnable_script(&head) {
        Some(reason) => Err(unrunnable(reason)),
        None => Ok(()),
    }
}
