//! A `jdk` or `jre` layer: the distribution (checksum-verified, cached, with SBOMs), its env,
//! and for the app's runtime the launch env and the exec.d program that sizes the JVM.

use crate::JvmBuildpack;
use crate::build_trust::{build_image_bundle, trust_at_build};
use crate::class_count::runtime_classes;
use crate::errors;
use crate::jlink;
use crate::runtime::JvmLayer;
use libcnb::additional_buildpack_binary_path;
use libcnb::build::BuildContext;
use libcnb::layer::LayerRef;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::output::Output;

/// The exec.d program (`src/bin/jvm-launch-options.rs`).
const LAUNCH_OPTIONS: &str = "jvm-launch-options";

/// Installs (or jlinks, from the JDK at `jdk_home`) the layer; returns its folder.
pub(crate) fn install(
    context: &BuildContext<JvmBuildpack>,
    layer: &JvmLayer<'_>,
    jdk_home: Option<&Path>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let installed;
    let linked;
    let opened: &LayerRef<JvmBuildpack, String, String> =
        if let (Some(args), Some(jdk_home)) = (&layer.jlink, jdk_home) {
            linked = jlink::make(context, layer, jdk_home, args, config, output)?;
            &linked
        } else {
            installed = dependency_layer::install(
                context,
                &DependencyLayer {
                    name: layer.name.clone(),
                    dependency: layer.dependency,
                    build: layer.build,
                    launch: layer.launch,
                },
                config,
                output,
            )?;
            &installed
        };
    let home = opened.path();
    let mut env = LayerEnv::new();
    if layer.build {
        let bindings = stowage_kit::platform::bindings()?;
        trust_at_build(&home, &bindings, build_image_bundle(), output)?;
        env = env.chainable_insert(
            Scope::Build,
            ModificationBehavior::Override,
            "JAVA_HOME",
            &home,
        );
        if layer.name.as_str() == "jdk" {
            env = env.chainable_insert(
                Scope::Build,
                ModificationBehavior::Override,
                "JDK_HOME",
                &home,
            );
        }
    }
    let mut programs: Vec<(&str, PathBuf)> = Vec::new();
    if layer.launch {
        env = launch_env(env, &home, &context.app_dir, output);
        output.step("At launch, the memory calculator sizes the JVM to the container's memory");
        programs.push((
            LAUNCH_OPTIONS,
            additional_buildpack_binary_path!("jvm-launch-options"),
        ));
    }
    opened.write_env(env)?;
    // A restored layer may carry the program from a build where it was the app's runtime.
    opened.write_exec_d_programs(programs)?;
    Ok(home)
}

/// The app's runtime at launch: `JAVA_HOME`, Paketo's defaults and the class count the memory
/// calculator starts from.
fn launch_env(env: LayerEnv, home: &Path, app_dir: &Path, output: &mut Output) -> LayerEnv {
    let env = env
        .chainable_insert(
            Scope::Launch,
            ModificationBehavior::Override,
            "JAVA_HOME",
            home,
        )
        .chainable_insert(
            Scope::Launch,
            ModificationBehavior::Default,
            "MALLOC_ARENA_MAX",
            "2",
        )
        .chainable_insert(
            Scope::Launch,
            ModificationBehavior::Default,
            "BPI_APPLICATION_PATH",
            app_dir,
        )
        .chainable_insert(
            Scope::Launch,
            ModificationBehavior::Delimiter,
            "JAVA_TOOL_OPTIONS",
            " ",
        )
        .chainable_insert(
            Scope::Launch,
            ModificationBehavior::Append,
            "JAVA_TOOL_OPTIONS",
            "-XX:+ExitOnOutOfMemoryError",
        );
    let Some(count) = runtime_classes(home) else {
        output.warning(&errors::class_count_unknown(&home.display().to_string()));
        return env;
    };
    output.step(&format!(
        "The runtime holds {count} classes (BPI_JVM_CLASS_COUNT)"
    ));
    env.chainable_insert(
        Scope::Launch,
        ModificationBehavior::Default,
        "BPI_JVM_CLASS_COUNT",
        count.to_string(),
    )
}
