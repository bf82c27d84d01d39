//! `BP_COMPOSER_INSTALL_GLOBAL`: `composer global require` into the `composer-global` layer
//! (build only, made anew each build), its `vendor/bin` first on `PATH` for the steps after.

use crate::composer::Composer;
use crate::{ComposerInstallBuildpack, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;
use stowage_kit::output::Output;

pub(crate) fn install(
    context: &BuildContext<ComposerInstallBuildpack>,
    composer: &Composer,
    packages: &[String],
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    output.section("Installing global Composer packages (BP_COMPOSER_INSTALL_GLOBAL)");
    let layer = context.uncached_layer(
        layer_name!("composer-global"),
        UncachedLayerDefinition {
            build: true,
            launch: false,
        },
    )?;
    let home = layer.path();
    let mut args = vec![
        "global".to_string(),
        "require".to_string(),
        "--no-progress".to_string(),
        "--no-interaction".to_string(),
    ];
    args.extend(packages.iter().cloned());
    let mut command = composer.command(&context.app_dir, &args, &[("COMPOSER_HOME", &home)]);
    let ran = Composer::run(&mut command, output)?;
    if ran.code != Some(0) {
        return Err(errors::global_failed(&args.join(" "), ran.code, &ran.text).into());
    }
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::Build,
                ModificationBehavior::Prepend,
                "PATH",
                home.join("vendor/bin"),
            )
            .chainable_insert(Scope::Build, ModificationBehavior::Delimiter, "PATH", ":"),
    )?;
    Ok(())
}
