//! The `dotnet-core-aspnet-runtime` layer: the runtime (checksum-verified, cached, with
//! SBOMs), `dotnet` on `PATH` and `DOTNET_ROOT` at launch. The run image has no ICU: without
//! the icu buildpack globalization runs invariant (a default); icu, earlier in the group, sets
//! its own default `0` first, which this one then leaves alone.

use crate::{AspnetRuntimeBuildpack, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::Path;
use stowage_dotnet::Framework;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

pub(crate) const INVARIANT: &str = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT";

pub(crate) fn install(
    context: &BuildContext<AspnetRuntimeBuildpack>,
    dependency: &Dependency,
    framework: Option<&Framework>,
    build: bool,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("dotnet-core-aspnet-runtime"),
            dependency,
            build,
            launch: true,
        },
        config,
        output,
    )?;
    let root = layer.path();
    if let Some(framework) = framework {
        check_framework(&root, framework, &dependency.version.to_string())?;
    }
    let scope = if build { Scope::All } else { Scope::Launch };
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                scope.clone(),
                ModificationBehavior::Default,
                "DOTNET_ROOT",
                &root,
            )
            .chainable_insert(scope.clone(), ModificationBehavior::Prepend, "PATH", &root)
            .chainable_insert(scope.clone(), ModificationBehavior::Delimiter, "PATH", ":")
            .chainable_insert(scope, ModificationBehavior::Default, INVARIANT, "1"),
    )?;
    output.step(&format!("DOTNET_ROOT={}", root.display()));
    output.step(&format!(
        "{INVARIANT}=1 unless set (the stack has no ICU; the icu buildpack sets 0 first)"
    ));
    Ok(())
}

/// `shared/<framework>/` of the installed runtime has a version folder.
fn check_framework(root: &Path, framework: &Framework, version: &str) -> Result<(), Error> {
    let dir = root.join("shared").join(&framework.name);
    let has_one = fs_err::read_dir(&dir).is_ok_and(|mut entries| {
        entries.any(|entry| entry.is_ok_and(|entry| entry.path().is_dir()))
    });
    if has_one {
        Ok(())
    } else {
        Err(errors::missing_framework(&framework.name, version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_framework_folder_must_be_there() {
        let dir = tempfile::tempdir().expect("dir");
        fs_err::create_dir_all(dir.path().join("shared/Microsoft.NETCore.App/3.1.23"))
            .expect("mkdir");
        let netcore = Framework {
            name: "Microsoft.NETCore.App".into(),
            version: "3.1.0".into(),
        };
        assert!(check_framework(dir.path(), &netcore, "3.1.23").is_ok());
        let aspnet = Framework {
            name: "Microsoft.AspNetCore.App".into(),
            version: "3.1.0".into(),
        };
        assert!(check_framework(dir.path(), &aspnet, "3.1.23").is_err());
    }
}
