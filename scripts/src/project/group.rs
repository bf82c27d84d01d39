//! The descriptor's buildpack group, resolved as pack resolves it: the group replaces the
//! builder's order (`urn:cnb:builder` in it stands for the builder's order groups); without
//! a group, pre and post buildpacks go around every group of the builder's order. Buildpacks
//! are the builder's (by id) or local buildpack folders.

use super::schema::BuildpackEntry;
use super::{Descriptor, errors};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use toml::{Table, Value};

/// A buildpack a builder has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Module {
    pub id: String,
    pub version: String,
}

/// One entry of an order group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub module: Module,
    pub optional: bool,
}

pub(crate) type Order = Vec<Vec<Entry>>;

/// The order a build runs with, and the local buildpack folders it needs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub order: Order,
    pub local: Vec<(Module, PathBuf)>,
}

enum Locator {
    Builder(Module),
    BuilderOrder,
    Local(Module, PathBuf),
}

const FROM_BUILDER: [&str; 2] = ["urn:cnb:builder", "from=builder"];

/// Checks what pack checks of an entry alone.
pub(super) fn check_entry(path: &Path, entry: &BuildpackEntry) -> Result<(), Error> {
    if !entry.script.inline.is_empty() {
        return Err(errors::bad_buildpack(
            path,
            &format!("the inline buildpack {} is not supported", entry.id),
            "build-app runs buildpacks of its builder or local buildpack folders. Put the \
             script in a buildpack folder (buildpack.toml, bin/detect, bin/build) and give \
             its path as the uri.",
        ));
    }
    if entry.id.is_empty() && entry.uri.is_empty() {
        return Err(errors::bad_buildpack(
            path,
            "a buildpack has neither id nor uri",
            "Give each buildpack of a group an id (e.g. id = \"stowage/nginx\") or a uri.",
        ));
    }
    if !entry.uri.is_empty() && !entry.version.is_empty() {
        return Err(errors::bad_buildpack(
            path,
            &format!("the buildpack {} has both uri and version", entry.uri),
            "A version goes with an id; a uri names its version itself. Remove one of them.",
        ));
    }
    Ok(())
}

fn locate(
    descriptor: &Descriptor,
    entry: &BuildpackEntry,
    builder: &[Module],
) -> Result<Locator, Error> {
    let path = &descriptor.path;
    if entry.uri.is_empty() {
        return by_id(path, &entry.id, &entry.version, builder).map(Locator::Builder);
    }
    let uri = entry.uri.as_str();
    if FROM_BUILDER.contains(&uri) {
        return Ok(Locator::BuilderOrder);
    }
    if let Some(rest) = FROM_BUILDER
        .iter()
        .find_map(|prefix| uri.strip_prefix(&format!("{prefix}:")))
    {
        let (id, version) = rest.split_once('@').unwrap_or((rest, ""));
        return by_id(path, id, version, builder).map(Locator::Builder);
    }
    if uri.starts_with("urn:cnb:registry:") {
        return Err(errors::unsupported_uri(
            path,
            uri,
            "The buildpack registry is not reachable from here.",
        ));
    }
    if uri.starts_with("docker://") {
        return Err(errors::unsupported_uri(
            path,
            uri,
            "Buildpack images need a daemon or registry, which build-app does without.",
        ));
    }
    let local = match uri.strip_prefix("file://") {
        Some(file) => Some(PathBuf::from(file)),
        None if uri.contains("://") => {
            return Err(errors::unsupported_uri(
                path,
                uri,
                "Downloading buildpack archives is not supported.",
            ));
        }
        None => None,
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let folder = base.join(local.as_deref().unwrap_or(Path::new(uri)));
    if folder.exists() || local.is_some() {
        return local_buildpack(path, uri, &folder);
    }
    let (id, version) = uri.split_once('@').unwrap_or((uri, ""));
    by_id(path, id, version, builder).map(Locator::Builder)
}

fn by_id(path: &Path, id: &str, version: &str, builder: &[Module]) -> Result<Module, Error> {
    builder
        .iter()
        .find(|module| module.id == id && (version.is_empty() || module.version == version))
        .cloned()
        .ok_or_else(|| {
            let wanted = if version.is_empty() {
                id.to_string()
            } else {
                format!("{id}@{version}")
            };
            let available: Vec<String> = builder
                .iter()
                .map(|module| format!("{}@{}", module.id, module.version))
                .collect();
            errors::unknown_buildpack(path, &wanted, &available)
        })
}

fn local_buildpack(path: &Path, uri: &str, folder: &Path) -> Result<Locator, Error> {
    if !folder.is_dir() {
        return Err(errors::unsupported_uri(
            path,
            uri,
            &format!(
                "{} is not a folder; unpack a buildpack archive into one first.",
                folder.display()
            ),
        ));
    }
    let manifest = folder.join("buildpack.toml");
    let table: Option<Table> = fs_err::read_to_string(&manifest)
        .ok()
        .and_then(|text| text.parse().ok());
    let field = |key: &str| {
        table
            .as_ref()
            .and_then(|table| table.get("buildpack"))
            .and_then(|buildpack| buildpack.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    match (field("id"), field("version")) {
        (Some(id), Some(version)) => {
            Ok(Locator::Local(Module { id, version }, folder.to_path_buf()))
        }
        _ => Err(errors::bad_buildpack(
            path,
            &format!("{} is not a buildpack folder", folder.display()),
            "A local buildpack folder has a buildpack.toml with [buildpack] id and version, \
             and bin/detect and bin/build.",
        )),
    }
}

/// The order for this build, or `None` when the descriptor leaves the builder's as it is.
pub(crate) fn resolve(
    descriptor: &Descriptor,
    builder: &[Module],
    builder_order: &Order,
) -> Result<Option<Resolved>, Error> {
    let mut local = Vec::new();
    let mut add_local = |module: &Module, folder: PathBuf| {
        if !local
            .iter()
            .any(|(known, _): &(Module, PathBuf)| known == module)
        {
            local.push((module.clone(), folder));
        }
    };
    let mut to_module = |locator: Locator| match locator {
        Locator::Builder(module) => Some(module),
        Locator::Local(module, folder) => {
            add_local(&module, folder);
            Some(module)
        }
        Locator::BuilderOrder => None,
    };
    let entry = |module: Module| Entry {
        module,
        optional: false,
    };
    let mut order: Order = vec![Vec::new()];
    let mut builder_order_used = false;
    for declared in &descriptor.group {
        if let Some(module) = to_module(locate(descriptor, declared, builder)?) {
            for group in &mut order {
                group.push(entry(module.clone()));
            }
            continue;
        }
        if builder_order_used {
            return Err(errors::bad_buildpack(
                &descriptor.path,
                "the group names the builder's order twice",
                "`urn:cnb:builder` may stand once in a group.",
            ));
        }
        builder_order_used = true;
        // What comes before goes in front of each builder group, what follows after it.
        let before = order.remove(0);
        order = builder_order
            .iter()
            .map(|group| before.iter().chain(group).cloned().collect())
            .collect();
    }
    if !descriptor.group.is_empty() {
        return Ok(Some(Resolved { order, local }));
    }
    if descriptor.pre.is_empty() && descriptor.post.is_empty() {
        return Ok(None);
    }
    let mut around = |entries: &[BuildpackEntry]| -> Result<Vec<Entry>, Error> {
        let mut modules = Vec::new();
        for declared in entries {
            let module = to_module(locate(descriptor, declared, builder)?).ok_or_else(|| {
                errors::bad_buildpack(
                    &descriptor.path,
                    "`urn:cnb:builder` stands in a pre or post group",
                    "Pre and post groups go around the builder's order already; name \
                     buildpacks there.",
                )
            })?;
            modules.push(entry(module));
        }
        Ok(modules)
    };
    let pre = around(&descriptor.pre)?;
    let post = around(&descriptor.post)?;
    let order = builder_order
        .iter()
        .map(|group| {
            pre.iter()
                .chain(group)
                .chain(&post)
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(Some(Resolved { order, local }))
}

impl Resolved {
    /// The groups as one line for the build log.
    pub(crate) fn describe(&self) -> String {
        let groups: Vec<String> = self
            .order
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|entry| format!("{}@{}", entry.module.id, entry.module.version))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        let groups = groups.join(" | ");
        format!("{groups} (instead of the builder's order)")
    }
}

/// Checks the descriptor's buildpacks against a `builder.toml` before anything slow starts,
/// and describes the order the build will run with (`None`: the builder's own).
pub fn check_against_builder(
    descriptor: &Descriptor,
    builder_toml: &Path,
) -> crate::Result<Option<String>> {
    let spec: Table = fs_err::read_to_string(builder_toml)?.parse()?;
    let modules: Vec<Module> = tables(&spec, "buildpacks")
        .filter_map(|buildpack| {
            Some(Module {
                id: buildpack.get("id")?.as_str()?.to_string(),
                version: buildpack.get("version")?.as_str()?.to_string(),
            })
        })
        .collect();
    let resolved = resolve(descriptor, &modules, &read_order(&spec))?;
    Ok(resolved.map(|resolved| resolved.describe()))
}

/// Applies the descriptor's group to a laid-out builder (`<cnb>/buildpacks`, `<cnb>/order.toml`):
/// copies its local buildpacks in and rewrites order.toml. Everything is resolved before
/// anything is written.
pub fn apply_to_cnb(descriptor: &Descriptor, cnb: &Path) -> crate::Result<Option<String>> {
    let order_file = cnb.join("order.toml");
    let builder_order = read_order(&fs_err::read_to_string(&order_file)?.parse()?);
    let mut modules = Vec::new();
    for escaped in fs_err::read_dir(cnb.join("buildpacks"))? {
        for version in fs_err::read_dir(escaped?.path())? {
            let manifest = version?.path().join("buildpack.toml");
            let table: Table = fs_err::read_to_string(&manifest)?.parse()?;
            let field = |key: &str| {
                table
                    .get("buildpack")
                    .and_then(|buildpack| buildpack.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| format!("{} has no buildpack.{key}", manifest.display()))
            };
            modules.push(Module {
                id: field("id")?,
                version: field("version")?,
            });
        }
    }
    modules.sort_by(|a, b| a.id.cmp(&b.id).then(a.version.cmp(&b.version)));
    let Some(resolved) = resolve(descriptor, &modules, &builder_order)? else {
        return Ok(None);
    };
    for (module, folder) in &resolved.local {
        let target = cnb
            .join("buildpacks")
            .join(module.id.replace('/', "_"))
            .join(&module.version);
        if target.exists() {
            fs_err::remove_dir_all(&target)?;
        }
        crate::builder::copy_tree(folder, &target)?;
    }
    let staged = cnb.join("order.toml.new");
    fs_err::write(&staged, order_toml(&resolved.order))?;
    fs_err::rename(&staged, &order_file)?;
    Ok(Some(resolved.describe()))
}

/// The `[[order]]` groups of an order.toml or builder.toml.
pub(crate) fn read_order(table: &Table) -> Order {
    tables(table, "order")
        .map(|order| {
            tables(order, "group")
                .filter_map(|entry| {
                    Some(Entry {
                        module: Module {
                            id: entry.get("id")?.as_str()?.to_string(),
                            version: entry.get("version")?.as_str()?.to_string(),
                        },
                        optional: entry.get("optional").and_then(Value::as_bool) == Some(true),
                    })
                })
                .collect()
        })
        .collect()
}

/// An order as order.toml holds it.
pub(crate) fn order_toml(order: &Order) -> String {
    let orders: Vec<Value> = order
        .iter()
        .map(|group| {
            let entries: Vec<Value> = group
                .iter()
                .map(|entry| {
                    let mut table = Table::new();
                    table.insert("id".into(), Value::String(entry.module.id.clone()));
                    table.insert(
                        "version".into(),
                        Value::String(entry.module.version.clone()),
                    );
                    if entry.optional {
                        table.insert("optional".into(), Value::Boolean(true));
                    }
                    Value::Table(table)
                })
                .collect();
            Value::Table(Table::from_iter([(
                "group".to_string(),
                Value::Array(entries),
            )]))
        })
        .collect();
    let document = Table::from_iter([("order".to_string(), Value::Array(orders))]);
    toml::to_string(&document).unwrap_or_default()
}

fn tables<'a>(table: &'a Table, key: &str) -> impl Iterator<Item = &'a Table> {
    table
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_table)
}
