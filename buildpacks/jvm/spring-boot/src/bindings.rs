//! Spring Cloud Bindings, as Paketo adds it: the jar from the inventory in the launch layer
//! `spring-cloud-bindings`, linked into the app's library folder (so Spring Boot's launcher
//! puts it on the class path), and an exec.d program that turns it on or off at launch
//! (`BPL_SPRING_CLOUD_BINDINGS_DISABLED`). Skipped when the app already has it, or with
//! `BP_SPRING_CLOUD_BINDINGS_DISABLED=true`.

use crate::SpringBootBuildpack;
use crate::app::{self, BootApp};
use crate::errors;
use libcnb::additional_buildpack_binary_path;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::{Dependency, Target};
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;

pub(crate) const DISABLED: &str = "BP_SPRING_CLOUD_BINDINGS_DISABLED";
pub(crate) const VERSION: &str = "BP_SPRING_CLOUD_BINDINGS_VERSION";
const ID: &str = "spring-cloud-bindings";

/// What was added: the dependency, or `None` when nothing was.
pub(crate) fn contribute<'a>(
    context: &'a BuildContext<SpringBootBuildpack>,
    boot: &BootApp,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<Option<&'a Dependency>, Error> {
    output.section("Spring Cloud Bindings");
    if config.flag(DISABLED)? {
        output.step(&format!("{DISABLED}=true: not added"));
        return Ok(None);
    }
    if let Some(present) = already_in(&context.app_dir.join(&boot.lib)) {
        output.step(&format!(
            "The app has it already ({}/{present}): not added again",
            boot.lib.display()
        ));
        return Ok(None);
    }
    let (requested, source) = match config.string(VERSION).filter(|v| !v.trim().is_empty()) {
        Some(version) => (version, VERSION.to_string()),
        None => (
            app::bindings_major(&boot.version).to_string(),
            format!("Spring Boot {}", boot.version),
        ),
    };
    let constraint =
        SemverRequirement::parse(&requested).map_err(|error| error.variable(VERSION))?;
    let dependency = context.buildpack_descriptor.metadata.resolve(
        ID,
        &constraint,
        &Target::from(&context.target),
    )?;
    output.step(&format!(
        "Version `{requested}` ({source}): {}",
        dependency.version
    ));
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("spring-cloud-bindings"),
            dependency,
            build: false,
            launch: true,
        },
        config,
        output,
    )?;
    let jar = jar_in(&layer.path())?;
    let lib = context.app_dir.join(&boot.lib);
    let link = lib.join(jar.file_name().unwrap_or_default());
    std::fs::create_dir_all(&lib)
        .and_then(|()| match std::fs::symlink_metadata(&link) {
            Ok(_) => std::fs::remove_file(&link),
            Err(_) => Ok(()),
        })
        .and_then(|()| std::os::unix::fs::symlink(&jar, &link))
        .map_err(|error| errors::unreadable(&link, &error))?;
    output.step(&format!(
        "Linked into {}: on the app's class path",
        boot.lib.display()
    ));
    output.step("At launch, BPL_SPRING_CLOUD_BINDINGS_DISABLED=true turns it off");
    layer.write_exec_d_programs([(
        "spring-cloud-bindings",
        additional_buildpack_binary_path!("spring-cloud-bindings-launch"),
    )])?;
    Ok(Some(dependency))
}

/// The name of a Spring Cloud Bindings jar in `lib`, if there is one.
fn already_in(lib: &Path) -> Option<String> {
    std::fs::read_dir(lib)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("spring-cloud-bindings-") && is_jar(name))
}

fn is_jar(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|extension| extension == "jar")
}

/// The jar the layer holds.
fn jar_in(layer: &Path) -> Result<std::path::PathBuf, Error> {
    let entries = std::fs::read_dir(layer).map_err(|error| errors::unreadable(layer, &error))?;
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "jar"))
        .ok_or_else(|| errors::unreadable(layer, &"the layer holds no jar"))
}
