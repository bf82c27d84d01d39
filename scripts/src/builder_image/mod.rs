//! A builder image as `pack builder create` makes one, without a daemon: the build image, a
//! layer of default folders, the lifecycle at `/cnb/lifecycle`, one layer per buildpack of
//! `builder.toml`, `/cnb/order.toml`, `/cnb/stack.toml` and `/cnb/run.toml`, and the labels
//! pack and kpack read (`io.buildpacks.builder.metadata`, `io.buildpacks.buildpack.order`,
//! `io.buildpacks.buildpack.layers`, `io.buildpacks.lifecycle.*`).

mod lifecycle;
#[cfg(test)]
mod tests;

use serde_json::json;
use std::path::{Path, PathBuf};
use toml::Table;

use crate::Result;
use crate::builder::{order_toml, read_local, tables, text};
use crate::buildpackage::{LAYERS_LABEL, Module, add_module_layers};
use crate::oci::{Layer, LayoutWriter};
use crate::stack;
pub use lifecycle::Lifecycle;

/// What a builder image is made of besides its `builder.toml`.
pub struct Inputs {
    /// The build image root (`STOWAGE_BUILD_IMAGE_ROOT`).
    pub build_root: PathBuf,
    pub lifecycle: Lifecycle,
    /// Take each buildpack from `<packaged>/<escaped id>` instead of its uri.
    pub packaged: Option<PathBuf>,
    pub uid: u32,
    pub gid: u32,
}

/// Writes the builder of `builder_toml` as an OCI layout at `out`.
pub fn write(builder_toml: &Path, inputs: &Inputs, out: &Path) -> Result<()> {
    let spec = read_local(builder_toml)?;
    let modules = modules(builder_toml, &spec, inputs.packaged.as_deref())?;
    let run_images: Vec<String> = spec
        .get("run")
        .and_then(|run| run.get("images"))
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|image| {
            image
                .get("image")
                .and_then(toml::Value::as_str)
                .map(String::from)
        })
        .collect();
    let run_image = run_images
        .first()
        .ok_or_else(|| format!("{}: no [[run.images]] image", builder_toml.display()))?;

    let mut config = stack::build_image_config(&inputs.build_root, inputs.uid, inputs.gid)?;
    let mut writer = LayoutWriter::new(out)?;
    writer.add_layer(&stack::root_layer(&inputs.build_root)?)?;
    writer.add_layer(&default_dirs(inputs.uid, inputs.gid))?;
    writer.add_layer(&inputs.lifecycle.layer()?)?;
    let layers = add_module_layers(&mut writer, modules.iter())?;
    let mut cnb_files = Layer::default();
    cnb_files.file("cnb/order.toml", order_toml(&spec)?, 0o644);
    cnb_files.file(
        "cnb/stack.toml",
        format!(
            "[run-image]\nimage = {}\nmirrors = []\n",
            toml::Value::from(run_image.as_str())
        ),
        0o644,
    );
    let run_entries: Vec<toml::Value> = run_images
        .iter()
        .map(|image| {
            toml::Value::Table(Table::from_iter([
                ("image".to_string(), toml::Value::from(image.as_str())),
                ("mirrors".to_string(), toml::Value::Array(Vec::new())),
            ]))
        })
        .collect();
    let run_toml = toml::to_string(&Table::from_iter([(
        "images".to_string(),
        toml::Value::Array(run_entries),
    )]))?;
    cnb_files.file("cnb/run.toml", run_toml, 0o644);
    writer.add_layer(&cnb_files)?;

    let order = order_label(&spec)?;
    let images: Vec<_> = run_images
        .iter()
        .map(|image| json!({"image": image, "mirrors": null}))
        .collect();
    let metadata = json!({
        "description": spec.get("description").and_then(toml::Value::as_str).unwrap_or_default(),
        "buildpacks": modules.iter().map(|module| &module.descriptor.buildpack).collect::<Vec<_>>(),
        "extensions": null,
        "stack": {"runImage": {"image": run_image, "mirrors": null}},
        "lifecycle": inputs.lifecycle.metadata()?,
        "createdBy": {"name": "Stowage", "version": env!("CARGO_PKG_VERSION")},
        "images": images,
    });
    config.labels.insert(
        "io.buildpacks.builder.metadata".into(),
        metadata.to_string(),
    );
    config
        .labels
        .insert("io.buildpacks.buildpack.order".into(), order);
    config
        .labels
        .insert(LAYERS_LABEL.into(), serde_json::to_string(&layers)?);
    config.labels.insert(
        "io.buildpacks.lifecycle.version".into(),
        inputs.lifecycle.version.clone(),
    );
    config.labels.insert(
        "io.buildpacks.lifecycle.apis".into(),
        inputs.lifecycle.apis()?.to_string(),
    );
    config.working_dir = Some("/layers".into());
    writer.finish(&config, "bookworm", out, false)
}

/// The builder's buildpacks, from their uri or the packaged folder.
fn modules(builder_toml: &Path, spec: &Table, packaged: Option<&Path>) -> Result<Vec<Module>> {
    let base = builder_toml.parent().unwrap_or(Path::new("."));
    tables(spec, "buildpacks")
        .map(|buildpack| {
            let id = text(buildpack, "id")?;
            let dir = match packaged {
                Some(dir) => dir.join(id.replace('/', "_")),
                None => base.join(text(buildpack, "uri")?),
            };
            Module::read(&dir).map_err(|error| {
                format!("buildpack {id} from {}: {error} (package the buildpacks first: scripts/package)", dir.display()).into()
            })
        })
        .collect()
}

/// `io.buildpacks.buildpack.order`: the order groups as JSON, as pack labels them.
fn order_label(spec: &Table) -> Result<String> {
    let mut orders = Vec::new();
    for order in tables(spec, "order") {
        let mut group = Vec::new();
        for entry in tables(order, "group") {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(text(entry, "id")?));
            if let Some(version) = entry.get("version").and_then(toml::Value::as_str) {
                item.insert("version".into(), json!(version));
            }
            if entry.get("optional").and_then(toml::Value::as_bool) == Some(true) {
                item.insert("optional".into(), json!(true));
            }
            group.push(serde_json::Value::Object(item));
        }
        orders.push(json!({"group": group}));
    }
    Ok(serde_json::to_string(&orders)?)
}

/// The folders pack creates in every builder: `/workspace` and `/layers` for the build user,
/// `/cnb`, `/cnb/buildpacks` and `/platform/env` for root.
fn default_dirs(uid: u32, gid: u32) -> Layer {
    let mut layer = Layer::default();
    for dir in ["workspace", "layers"] {
        layer.dir(dir, u64::from(uid), u64::from(gid));
    }
    for dir in ["cnb", "cnb/buildpacks", "platform", "platform/env"] {
        layer.dir(dir, 0, 0);
    }
    layer
}
