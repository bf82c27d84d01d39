//! A packaged buildpack's `buildpack.toml`, and the shapes pack writes of it into the
//! `io.buildpacks.buildpackage.metadata` and `io.buildpacks.*.layers` labels (field names and
//! order as pack's Go structs marshal them).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use crate::Result;

#[derive(Deserialize)]
pub struct Descriptor {
    pub api: String,
    pub buildpack: Info,
    #[serde(default)]
    pub order: Vec<OrderEntry>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub stacks: Vec<Stack>,
}

impl Descriptor {
    /// Reads `<dir>/buildpack.toml`.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join("buildpack.toml");
        let text = fs_err::read_to_string(&path)?;
        Ok(toml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?)
    }

    /// `id@version`.
    #[must_use]
    pub fn full_name(&self) -> String {
        format!("{}@{}", self.buildpack.id, self.buildpack.version)
    }

    /// The id as a folder name: `/` becomes `_`.
    #[must_use]
    pub fn escaped_id(&self) -> String {
        self.buildpack.id.replace('/', "_")
    }

    /// What pack records of this buildpack in the layers label.
    #[must_use]
    pub fn layer_info(&self, diff_id: &str) -> ModuleLayerInfo {
        ModuleLayerInfo {
            api: self.api.clone(),
            stacks: self.stacks.clone(),
            targets: self.targets.clone(),
            order: self.order.clone(),
            layer_diff_id: diff_id.to_string(),
            homepage: self.buildpack.homepage.clone(),
            name: self.buildpack.name.clone(),
        }
    }
}

// serde's skip_serializing_if passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(value: &bool) -> bool {
    !value
}

/// pack's `ModuleInfo`.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Info {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub homepage: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<License>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub clear_env: bool,
}

/// pack's `License` has TOML tags only, so Go's JSON uses its field names `Type` and `URI`.
#[derive(Clone, Default, Deserialize, Serialize)]
pub struct License {
    #[serde(rename(serialize = "Type", deserialize = "type"), default)]
    pub kind: String,
    #[serde(rename(serialize = "URI", deserialize = "uri"), default)]
    pub uri: String,
}

#[derive(Clone, Deserialize, Serialize)]
pub struct Stack {
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mixins: Vec<String>,
}

#[derive(Clone, Deserialize, Serialize)]
pub struct Target {
    #[serde(default)]
    pub os: String,
    #[serde(default)]
    pub arch: String,
    #[serde(
        default,
        alias = "arch-variant",
        skip_serializing_if = "String::is_empty"
    )]
    pub variant: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distros: Vec<Distro>,
}

#[derive(Clone, Deserialize, Serialize)]
pub struct Distro {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
}

#[derive(Clone, Deserialize, Serialize)]
pub struct OrderEntry {
    pub group: Vec<ModuleRef>,
}

/// An order group's entry: pack's `ModuleRef` (a `ModuleInfo` plus `optional`).
#[derive(Clone, Deserialize, Serialize)]
pub struct ModuleRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

/// `io.buildpacks.buildpackage.metadata`.
#[derive(Serialize)]
pub struct PackageMetadata {
    #[serde(flatten)]
    pub info: Info,
    pub stacks: Vec<Stack>,
}

/// One version's entry of `io.buildpacks.buildpack.layers`.
#[derive(Serialize)]
pub struct ModuleLayerInfo {
    pub api: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stacks: Vec<Stack>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<OrderEntry>,
    #[serde(rename = "layerDiffID")]
    pub layer_diff_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub homepage: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
}

/// `io.buildpacks.buildpack.layers`: id → version → layer.
pub type ModuleLayers = BTreeMap<String, BTreeMap<String, ModuleLayerInfo>>;
