//! The launch-only layer whose env files carry the settings to every process.

use crate::EnvironmentVariablesBuildpack;
use crate::variables::{Action, Setting};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;

pub(crate) fn write(
    context: &BuildContext<EnvironmentVariablesBuildpack>,
    settings: &[Setting],
) -> libcnb::Result<(), Error> {
    let layer = context.uncached_layer(
        layer_name!("environment-variables"),
        UncachedLayerDefinition {
            build: false,
            launch: true,
        },
    )?;
    layer.write_env(layer_env(settings))
}

fn layer_env(settings: &[Setting]) -> LayerEnv {
    let mut env = LayerEnv::new();
    for setting in settings {
        let behavior = match setting.action {
            Action::Override => ModificationBehavior::Override,
            Action::Default => ModificationBehavior::Default,
            Action::Append => ModificationBehavior::Append,
            Action::Prepend => ModificationBehavior::Prepend,
            Action::Delimiter => ModificationBehavior::Delimiter,
        };
        env.insert(Scope::Launch, behavior, &setting.name, &setting.value);
    }
    env
}
