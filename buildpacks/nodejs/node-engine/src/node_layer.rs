//! The `node` layer: the Node.js distribution, its env, and the optional memory exec.d step.

use crate::NodeEngineBuildpack;
use crate::plan::NodePlan;
use libcnb::additional_buildpack_binary_path;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

const OPTIMIZE_MEMORY: &str = "BP_NODE_OPTIMIZE_MEMORY";

pub(crate) fn install(
    context: &BuildContext<NodeEngineBuildpack>,
    plan: &NodePlan,
    dependency: &Dependency,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let optimize_memory = config.flag(OPTIMIZE_MEMORY)?;
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("node"),
            dependency,
            build: plan.build,
            launch: plan.launch,
        },
        config,
        output,
    )?;

    // Defaults, so that values from the user or a later buildpack win.
    let env = LayerEnv::new()
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Override,
            "NODE_HOME",
            layer.path(),
        )
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            "NODE_ENV",
            "production",
        )
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            "NODE_OPTIONS",
            "--use-openssl-ca",
        )
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            "NODE_VERBOSE",
            "false",
        );
    layer.write_env(env)?;

    if optimize_memory && plan.launch {
        output.step(&format!(
            "{OPTIMIZE_MEMORY} is set: the V8 heap will be sized to 75% of the container's memory at launch"
        ));
        layer.write_exec_d_programs([(
            "optimize-memory",
            additional_buildpack_binary_path!("optimize-memory"),
        )])?;
    } else {
        // A restored layer may carry the program from an earlier build that asked for it.
        layer.write_exec_d_programs(Vec::<(&str, std::path::PathBuf)>::new())?;
    }
    Ok(())
}
