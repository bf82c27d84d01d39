//! Buildpackages as pack writes them: an OCI image with one layer per buildpack (its files
//! under `/cnb/buildpacks/<escaped id>/<version>/`) and the labels
//! `io.buildpacks.buildpackage.metadata` and `io.buildpacks.buildpack.layers`, written as an
//! OCI layout or as a `.cnb` file (a tar of that layout).
//!
//! The input is a packaged folder (what `scripts/package` writes) and its `package.toml`:
//! `[buildpack] uri` and, for a meta-buildpack, `[[dependencies]] uri` naming the packaged
//! folders of the buildpacks its order uses. With `--offline`, each component buildpack's
//! layer also holds the dependency files its inventory could install ([`offline`]).

pub mod descriptor;
pub mod offline;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

use crate::Result;
use crate::oci::{self, ImageConfig, Layer, LayoutWriter, TreeStyle};
use descriptor::{Descriptor, ModuleLayers, PackageMetadata, Stack};
use offline::{Bundled, Offline};

pub const METADATA_LABEL: &str = "io.buildpacks.buildpackage.metadata";
pub const LAYERS_LABEL: &str = "io.buildpacks.buildpack.layers";

/// What `--format` asks for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// A `.cnb`: the layout as one tar file.
    File,
    OciLayout,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(text: &str) -> std::result::Result<Self, String> {
        match text {
            "file" => Ok(Self::File),
            "oci-layout" => Ok(Self::OciLayout),
            other => Err(format!("--format {other}: use file or oci-layout")),
        }
    }
}

/// A packaged buildpack folder and its descriptor.
pub struct Module {
    pub dir: PathBuf,
    pub descriptor: Descriptor,
    /// Dependency files the layer carries inside the buildpack (offline packages).
    pub bundled: Vec<Bundled>,
}

impl Module {
    pub fn read(dir: &Path) -> Result<Self> {
        Ok(Self {
            dir: dir.to_path_buf(),
            descriptor: Descriptor::read(dir)?,
            bundled: Vec::new(),
        })
    }

    /// The buildpack's layer: its folder at `cnb/buildpacks/<escaped id>/<version>`, owned by
    /// root, modes as pack sets them.
    pub fn layer(&self) -> Result<Layer> {
        let mut layer = Layer::default();
        let id_dir = format!("cnb/buildpacks/{}", self.descriptor.escaped_id());
        let version_dir = format!("{id_dir}/{}", self.descriptor.buildpack.version);
        layer.dir(&id_dir, 0, 0);
        layer.dir(&version_dir, 0, 0);
        layer.tree(&self.dir, &version_dir, TreeStyle::Normalized)?;
        for bundled in &self.bundled {
            let mut dir = version_dir.clone();
            let parts: Vec<&str> = bundled.path.split('/').collect();
            for part in &parts[..parts.len() - 1] {
                dir = format!("{dir}/{part}");
                layer.dir(&dir, 0, 0);
            }
            layer.file_from(
                &format!("{version_dir}/{}", bundled.path),
                &bundled.file,
                0o644,
            );
        }
        Ok(layer)
    }
}

/// A buildpack and the dependencies its `package.toml` lists.
pub struct Package {
    pub main: Module,
    pub dependencies: Vec<Module>,
}

impl Package {
    /// Reads the package of the packaged folder `dir`, checking that every buildpack an order
    /// names is there.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join("package.toml");
        let spec: Table = fs_err::read_to_string(&path)?
            .parse()
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let uri = spec
            .get("buildpack")
            .and_then(|buildpack| buildpack.get("uri"))
            .and_then(Value::as_str)
            .unwrap_or(".");
        let main = Module::read(&resolve(&path, uri)?)?;
        let mut dependencies: Vec<Module> = Vec::new();
        for dependency in spec
            .get("dependencies")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let uri = dependency.get("uri").and_then(Value::as_str).ok_or_else(|| {
                format!(
                    "{}: a [[dependencies]] entry has no uri (images are not supported here: name the packaged folder)",
                    path.display()
                )
            })?;
            let module = Module::read(&resolve(&path, uri)?)?;
            if !dependencies
                .iter()
                .any(|known| known.descriptor.full_name() == module.descriptor.full_name())
            {
                dependencies.push(module);
            }
        }
        let package = Self { main, dependencies };
        package.check_orders(&path)?;
        Ok(package)
    }

    /// Makes the package offline: each component buildpack carries the dependency files its
    /// inventory could install on the target.
    pub fn bundle_dependencies(&mut self, offline: &Offline) -> Result<()> {
        for module in self
            .dependencies
            .iter_mut()
            .chain(std::iter::once(&mut self.main))
        {
            if module.descriptor.order.is_empty() {
                module.bundled = offline.bundle(&module.dir)?;
            }
        }
        Ok(())
    }

    /// The buildpacks bottom to top: dependencies in `package.toml` order, then the buildpack.
    pub fn modules(&self) -> impl Iterator<Item = &Module> {
        self.dependencies.iter().chain(std::iter::once(&self.main))
    }

    fn check_orders(&self, path: &Path) -> Result<()> {
        for module in self.modules() {
            for entry in module
                .descriptor
                .order
                .iter()
                .flat_map(|order| &order.group)
            {
                let wanted = format!("{}@{}", entry.id, entry.version);
                if !self
                    .dependencies
                    .iter()
                    .any(|dep| dep.descriptor.full_name() == wanted)
                {
                    return Err(format!(
                        "{}: {} uses {wanted} in its order, but no [[dependencies]] entry names its packaged folder (add uri = \"../{}\" and package it first)",
                        path.display(),
                        module.descriptor.full_name(),
                        entry.id.replace('/', "_"),
                    )
                    .into());
                }
            }
        }
        Ok(())
    }

    /// `io.buildpacks.buildpackage.metadata`: the buildpack's info and the stacks all its
    /// component buildpacks support (`*` for those that declare targets instead).
    pub fn metadata_label(&self) -> Result<String> {
        let mut stacks: Vec<Stack> = Vec::new();
        for module in self.modules() {
            let descriptor = &module.descriptor;
            if !descriptor.order.is_empty() {
                continue;
            }
            let own = if descriptor.stacks.is_empty() {
                vec![Stack {
                    id: "*".into(),
                    mixins: Vec::new(),
                }]
            } else {
                descriptor.stacks.clone()
            };
            stacks = merge_stacks(stacks, own);
        }
        let metadata = PackageMetadata {
            info: self.main.descriptor.buildpack.clone(),
            stacks,
        };
        Ok(serde_json::to_string(&metadata)?)
    }

    /// Writes the buildpackage to `out`.
    pub fn write(&self, format: Format, out: &Path) -> Result<()> {
        let mut writer = LayoutWriter::new(out)?;
        let layers = add_module_layers(&mut writer, self.modules())?;
        let config = ImageConfig {
            os: "linux".into(),
            architecture: oci::host_arch().into(),
            labels: BTreeMap::from([
                (METADATA_LABEL.to_string(), self.metadata_label()?),
                (LAYERS_LABEL.to_string(), serde_json::to_string(&layers)?),
            ]),
            ..ImageConfig::default()
        };
        let tag = self.main.descriptor.buildpack.version.clone();
        writer.finish(&config, &tag, out, format == Format::File)
    }
}

/// Adds one layer per buildpack and returns the layers label's value.
pub fn add_module_layers<'a>(
    writer: &mut LayoutWriter,
    modules: impl Iterator<Item = &'a Module>,
) -> Result<ModuleLayers> {
    let mut layers = ModuleLayers::new();
    for module in modules {
        let blob = writer.add_layer(&module.layer()?)?;
        let descriptor = &module.descriptor;
        layers
            .entry(descriptor.buildpack.id.clone())
            .or_default()
            .insert(
                descriptor.buildpack.version.clone(),
                descriptor.layer_info(&blob.diff_id),
            );
    }
    Ok(layers)
}

/// The stacks both lists support; `*` supports any.
fn merge_stacks(current: Vec<Stack>, other: Vec<Stack>) -> Vec<Stack> {
    let any = |stacks: &[Stack]| stacks.iter().any(|stack| stack.id == "*");
    if current.is_empty() || any(&current) {
        other
    } else if any(&other) {
        current
    } else {
        current
            .into_iter()
            .filter(|stack| other.iter().any(|theirs| theirs.id == stack.id))
            .collect()
    }
}

/// A `package.toml` uri as a folder holding a `buildpack.toml`.
fn resolve(package_toml: &Path, uri: &str) -> Result<PathBuf> {
    let base = package_toml.parent().unwrap_or(Path::new("."));
    let local = uri.strip_prefix("file://").unwrap_or(uri);
    if local.contains("://") || local.starts_with("urn:") {
        return Err(format!(
            "{}: uri {uri}: only local folders are supported here; name the packaged folder",
            package_toml.display()
        )
        .into());
    }
    let dir = base.join(local);
    if !dir.join("buildpack.toml").is_file() {
        return Err(format!(
            "{}: uri {uri}: {} has no buildpack.toml; package that buildpack first (scripts/package) or fix the uri",
            package_toml.display(),
            dir.display()
        )
        .into());
    }
    Ok(dir)
}

#[cfg(test)]
mod tests;
