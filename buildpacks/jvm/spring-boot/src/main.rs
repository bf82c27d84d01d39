//! stowage/spring-boot: what Paketo's spring-boot buildpack does for an app that is an
//! exploded Spring Boot jar (its `META-INF/MANIFEST.MF` has `Spring-Boot-Version`).
//!
//! Detect always passes: it provides `spring-boot` and requires `spring-boot` and
//! `jvm-application` (which executable-jar provides, and whose processes run the app). Build
//! sets the image labels (`org.springframework.boot.version`, the libraries, the
//! configuration metadata), makes each `layers.idx` layer its own image layer (launch.toml
//! slices), adds Spring Cloud Bindings to the class path, and writes the app's SBOM (its
//! libraries). An app without `Spring-Boot-Version` gets nothing.
//!
//! Not done (Paketo does): exploding a Boot jar found inside the app, native-image apps, AOT /
//! CDS performance layers, the web-application-type thread count, the dataflow label.

// Unit tests see the dev-dependencies too, which only the integration tests use.
#![cfg_attr(test, allow(unused_crate_dependencies))]

mod app;
mod app_sbom;
mod bindings;
mod errors;
mod index;
mod labels;
mod libraries;

use app::BootApp;
use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::launch::{LaunchBuilder, Slice};
use libcnb::data::sbom::SbomFormat;
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::GenericPlatform;
use libcnb::sbom::Sbom;
use libcnb::{Buildpack, Platform, buildpack_main};
use std::path::Path;
use stowage_kit::config::Config;
use stowage_kit::inventory::Inventory;
use stowage_kit::output::Output;
use stowage_kit::sbom::{self, components};
use stowage_kit::{Error, error};

pub struct SpringBootBuildpack;

impl Buildpack for SpringBootBuildpack {
    type Platform = GenericPlatform;
    type Metadata = Inventory;
    type Error = Error;

    fn detect(&self, _context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let plan = BuildPlanBuilder::new()
            .provides("spring-boot")
            .requires("jvm-application")
            .requires("spring-boot")
            .build();
        DetectResultBuilder::pass().build_plan(plan).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let config = Config::new(context.platform.env());
        let app_dir = &context.app_dir;
        let Some(boot) = app::read(app_dir)? else {
            output.step(&format!(
                "No Spring-Boot-Version in {}: not a Spring Boot app, nothing to add",
                errors::MANIFEST
            ));
            return BuildResultBuilder::new().build();
        };
        output.section(&format!("Spring Boot {}", boot.version));

        let class_path = match &boot.classpath_index {
            Some(index) => {
                present(app_dir, index, "Spring-Boot-Classpath-Index")?;
                index::class_path(app_dir, index, &boot.lib)?
            }
            None => Vec::new(),
        };
        let jars = libraries::jars(app_dir, &boot.lib, &class_path)?;
        let mut packages = jars
            .iter()
            .map(|jar| libraries::package(app_dir, jar))
            .collect::<Result<Vec<_>, Error>>()?;
        match app_sbom::fill_purls(app_dir, &boot, &mut packages) {
            Ok(Some(filled)) => output.step(&format!(
                "The app's own SBOM ({}) gave {} Maven purls the jars do not carry",
                filled.location.display(),
                filled.purls
            )),
            Ok(None) => {}
            Err(warning) => output.warning(&warning),
        }
        output.step(&format!(
            "{} libraries in {}{}",
            packages.len(),
            boot.lib.display(),
            if class_path.is_empty() {
                String::new()
            } else {
                " (class path order from classpath.idx)".to_string()
            }
        ));
        let labels = labels::labels(app_dir, &boot, &libraries::label(&packages))?;
        let keys: Vec<&str> = labels.iter().map(|label| label.key.as_str()).collect();
        output.step(&format!("Labels: {}", keys.join(", ")));

        let slices = slices(app_dir, &boot, &mut output)?;

        bindings::contribute(&context, &boot, &config, &mut output)?;

        let mut launch = LaunchBuilder::new();
        launch.labels(labels).slices(slices);
        let mut result = BuildResultBuilder::new().launch(launch.build());
        if config.sbom_enabled()? {
            let bytes = components::packages_cyclonedx_json(&packages, sbom::creation_time()?)?;
            result = result.launch_sbom(Sbom::from_bytes(SbomFormat::CycloneDxJson, bytes));
        }
        result.build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// One slice per non-empty `layers.idx` layer, in its order.
fn slices(app: &Path, boot: &BootApp, output: &mut Output) -> Result<Vec<Slice>, Error> {
    let Some(index) = &boot.layers_index else {
        output.step("No Spring-Boot-Layers-Index: the app is one image layer");
        return Ok(Vec::new());
    };
    present(app, index, "Spring-Boot-Layers-Index")?;
    output.section(&format!("Image layers from {}", index.display()));
    let mut slices = Vec::new();
    for layer in index::layers(app, index)? {
        if layer.paths.is_empty() {
            output.step(&format!("{}: empty", layer.name));
            continue;
        }
        output.step(&format!("{}: {}", layer.name, layer.paths.join(", ")));
        slices.push(Slice {
            path_globs: layer
                .paths
                .iter()
                .map(|path| path.trim_end_matches('/').to_string())
                .collect(),
        });
    }
    Ok(slices)
}

fn present(app: &Path, index: &Path, header: &str) -> Result<(), Error> {
    if app.join(index).exists() {
        Ok(())
    } else {
        Err(errors::missing_index(index, header))
    }
}

buildpack_main!(SpringBootBuildpack);
