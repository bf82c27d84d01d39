//! The `icu` layer: ICU's `lib/` (on `LD_LIBRARY_PATH` by the lifecycle), checksum-verified,
//! cached, with SBOMs, and the defaults that make .NET load it rather than run invariant.

use crate::IcuBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

/// The ICU .NET loads: `libicuuc.so.<this>`, with symbols suffixed `_<this>`.
pub(crate) const VERSION_OVERRIDE: &str = "CLR_ICU_VERSION_OVERRIDE";
pub(crate) const INVARIANT: &str = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT";

pub(crate) fn install(
    context: &BuildContext<IcuBuildpack>,
    dependency: &Dependency,
    build: bool,
    launch: bool,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("icu"),
            dependency,
            build,
            launch,
        },
        config,
        output,
    )?;
    let major = dependency.version.major.to_string();
    let scope = if build { Scope::All } else { Scope::Launch };
    layer.write_env(env(scope, &major))?;
    output.step(&format!(
        "{}/lib on LD_LIBRARY_PATH",
        layer.path().display()
    ));
    output.step(&format!(
        "{VERSION_OVERRIDE}={major} unless set: .NET Core 3.1 looks for ICU 50 to 70 only"
    ));
    output.step(&format!(
        "{INVARIANT}=0 unless set: globalization uses ICU (the runtime's fallback is invariant)"
    ));
    Ok(())
}

fn env(scope: Scope, major: &str) -> LayerEnv {
    LayerEnv::new()
        .chainable_insert(
            scope.clone(),
            ModificationBehavior::Default,
            VERSION_OVERRIDE,
            major,
        )
        .chainable_insert(scope, ModificationBehavior::Default, INVARIANT, "0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::ffi::OsString;

    #[test]
    fn defaults_name_the_major_and_leave_user_values_alone() {
        let mut user = libcnb::Env::new();
        user.insert(INVARIANT, "1");
        let applied = env(Scope::Launch, "72").apply(Scope::Launch, &user);
        let got: HashMap<OsString, OsString> = applied
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(
            got.get(&OsString::from(VERSION_OVERRIDE)),
            Some(&OsString::from("72"))
        );
        assert_eq!(
            got.get(&OsString::from(INVARIANT)),
            Some(&OsString::from("1"))
        );
        let fresh = env(Scope::Launch, "72").apply(Scope::Launch, &libcnb::Env::new());
        assert_eq!(fresh.get(INVARIANT), Some(&OsString::from("0")));
        // Nothing at build unless a later buildpack builds with it.
        assert_eq!(
            env(Scope::Launch, "72")
                .apply(Scope::Build, &libcnb::Env::new())
                .get(INVARIANT),
            None
        );
    }
}
