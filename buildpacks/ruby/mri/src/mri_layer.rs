//! The `mri` layer: Ruby (checksum-verified, cached, with SBOMs) for the build and the app,
//! with `bin` on `PATH`, `GEM_PATH` (its own gems), `MALLOC_ARENA_MAX=2` (Paketo's default,
//! fewer glibc arenas for threaded servers) and `RUBYLIB` naming its standard library: the
//! Debian build of MRI looks for it under `/usr` otherwise (see `artifacts ruby`).

use crate::MriBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

pub(crate) fn install(
    context: &BuildContext<MriBuildpack>,
    dependency: &Dependency,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("mri"),
            dependency,
            build: true,
            launch: true,
        },
        config,
        output,
    )?;
    let home = layer.path();
    let abi = format!(
        "{}.{}.0",
        dependency.version.major, dependency.version.minor
    );
    let rubylib: Vec<String> = [
        format!("lib/ruby/{abi}"),
        format!("lib/x86_64-linux-gnu/ruby/{abi}"),
    ]
    .iter()
    .map(|dir| home.join(dir))
    .filter(|dir| dir.join("rbconfig.rb").is_file() || dir.join("rubygems.rb").is_file())
    .map(|dir| dir.display().to_string())
    .collect();
    let mut env = LayerEnv::new()
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Prepend,
            "PATH",
            home.join("bin"),
        )
        .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "PATH", ":")
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            "GEM_PATH",
            home.join("lib/ruby/gems").join(&abi),
        )
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            "MALLOC_ARENA_MAX",
            "2",
        );
    if !rubylib.is_empty() {
        output.step("RUBYLIB names the standard library of this Ruby");
        env = env
            .chainable_insert(
                Scope::All,
                ModificationBehavior::Prepend,
                "RUBYLIB",
                rubylib.join(":"),
            )
            .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "RUBYLIB", ":");
    }
    layer.write_env(env)?;
    Ok(())
}
