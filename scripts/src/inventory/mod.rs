//! Buildpack inventories (`[metadata]` tables in the field names of `dependency-metadata/`)
//! for a folder of assembled artifacts, served from a base URI (`file:///stowage-deps`, a test
//! mirror's `http://127.0.0.1:<port>`). Each family writes one file per dependency file name
//! it covers, which `package --inventory <name>=<file>` puts in place of the checked-in one.

pub mod jvm;
pub mod libpak;
pub mod nodejs;

use crate::Result;
use std::path::{Path, PathBuf};
use toml::Table;

/// Writes `<out>/<dependency>.toml` for each inventory of `family` and returns the pairs
/// `(dependency, file)`.
pub fn write(
    family: &str,
    artifacts: &Path,
    base_uri: &str,
    out: &Path,
) -> Result<Vec<(String, PathBuf)>> {
    let inventories: Vec<(&str, Table)> = match family {
        "jvm" => vec![("jvm", jvm::jvm_inventory_in(artifacts, base_uri)?)],
        "nodejs" => vec![("node", nodejs::node_inventory_in(artifacts, base_uri)?)],
        other => return Err(format!("no inventories for family {other}").into()),
    };
    fs_err::create_dir_all(out)?;
    let mut written = Vec::new();
    for (name, inventory) in inventories {
        let file = out.join(format!("{name}.toml"));
        fs_err::write(&file, toml::to_string(&inventory)?)?;
        written.push((name.to_string(), file));
    }
    Ok(written)
}
