//! The two launch layers: `tomcat` (the distribution from the inventory, `CATALINA_HOME`) and
//! `catalina-base` (`CATALINA_BASE`, this app's configuration and web application).

use crate::app::WebApp;
use crate::{ApacheTomcatBuildpack, base, context_path, ext_conf};
use libcnb::Platform;
use libcnb::additional_buildpack_binary_path;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Target;
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;

pub(crate) const VERSION: &str = "BP_TOMCAT_VERSION";
pub(crate) const PROPERTY_SOURCE_DISABLED: &str = "BP_TOMCAT_ENV_PROPERTY_SOURCE_DISABLED";
const ID: &str = "tomcat";
const PROPERTY_SOURCE: &str = "-Dorg.apache.tomcat.util.digester.PROPERTY_SOURCE=org.apache.tomcat.util.digester.EnvironmentPropertySource";

/// Installs Tomcat; returns `CATALINA_HOME`.
pub(crate) fn install(
    context: &BuildContext<ApacheTomcatBuildpack>,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<PathBuf, Error> {
    let inventory = &context.buildpack_descriptor.metadata;
    let (requested, source) = match config.string(VERSION).filter(|v| !v.trim().is_empty()) {
        Some(version) => (version, VERSION.to_string()),
        None => (
            inventory.default_version(ID).unwrap_or("*").to_string(),
            "default".to_string(),
        ),
    };
    let constraint =
        SemverRequirement::parse(&requested).map_err(|error| error.variable(VERSION))?;
    let dependency = inventory.resolve(ID, &constraint, &Target::from(&context.target))?;
    output.section("Apache Tomcat");
    output.step(&format!(
        "Version `{requested}` ({source}): {}",
        dependency.version
    ));
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("tomcat"),
            dependency,
            build: false,
            launch: true,
        },
        config,
        output,
    )?;
    let home = layer.path();
    layer.write_env(LayerEnv::new().chainable_insert(
        Scope::Launch,
        ModificationBehavior::Override,
        "CATALINA_HOME",
        &home,
    ))?;
    Ok(home)
}

/// Writes the `catalina-base` layer.
pub(crate) fn write_base(
    context: &BuildContext<ApacheTomcatBuildpack>,
    config: &Config,
    home: &std::path::Path,
    web_app: &WebApp,
    webapp_name: &str,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    output.section("Tomcat base (layer catalina-base)");
    // Checked before the layer exists, so a bad setting leaves no half-made base.
    let external = match ext_conf::dependency(config)? {
        Some(dependency) => Some(ext_conf::fetch(
            &dependency,
            context.platform.env(),
            output,
        )?),
        None => None,
    };
    let layer = context.uncached_layer(
        layer_name!("catalina-base"),
        UncachedLayerDefinition {
            build: false,
            launch: true,
        },
    )?;
    let root = layer.path();
    let entry = base::write(&base::Base {
        root: &root,
        tomcat_home: home,
        app: &context.app_dir,
        web_app,
        webapp_name,
    })?;
    output.step("conf/: server.xml (HTTP on $PORT, default 8080; no shutdown port; RemoteIpValve; access log), context.xml, logging.properties (console), web.xml and catalina.properties from Tomcat");
    output.step(&format!(
        "webapps/{webapp_name} ({}): {entry}",
        context_path::shown(webapp_name)
    ));
    if let Some(fetched) = &external {
        ext_conf::apply(fetched.path(), &root, output)?;
    }
    ext_conf::apply_bindings(&stowage_kit::platform::bindings()?, &root, output)?;

    let mut env = LayerEnv::new()
        .chainable_insert(
            Scope::Launch,
            ModificationBehavior::Override,
            "CATALINA_BASE",
            &root,
        )
        .chainable_insert(
            Scope::Launch,
            ModificationBehavior::Override,
            "CATALINA_TMPDIR",
            "/tmp",
        );
    if config.flag(PROPERTY_SOURCE_DISABLED)? {
        output.step(&format!(
            "{PROPERTY_SOURCE_DISABLED}=true: configuration files do not read environment variables"
        ));
    } else {
        output.step("Configuration files may use ${ENV_VAR}: CATALINA_OPTS sets Tomcat's EnvironmentPropertySource");
        env = env
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Append,
                "CATALINA_OPTS",
                PROPERTY_SOURCE,
            )
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Delimiter,
                "CATALINA_OPTS",
                " ",
            );
    }
    layer.write_env(env)?;
    output.step(
        "At launch: -Dport=$PORT, and access logging when BPL_TOMCAT_ACCESS_LOGGING_ENABLED=true",
    );
    layer
        .write_exec_d_programs([("tomcat", additional_buildpack_binary_path!("tomcat-launch"))])?;
    Ok(())
}
