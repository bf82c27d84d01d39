//! One dependency installed by the kit's own code, as a buildpack installs it (download,
//! checksum, unpack into a fresh folder), so `scripts/bench` can set it beside the physical
//! limit on the same bytes.

use std::path::Path;
use stowage_kit::fetch::{FetchOptions, Installed, Location, NoProgress, install};
use stowage_kit::inventory::Inventory;

/// Installs `id` `version` of the inventory file into `target` (which must not exist yet).
pub fn install_from_inventory(
    inventory: &Path,
    id: &str,
    version: &str,
    target: &Path,
) -> crate::Result<Installed> {
    let inventory: Inventory = toml::from_str(&fs_err::read_to_string(inventory)?)
        .map_err(|error| format!("{}: {error}", inventory.display()))?;
    let dependency = inventory
        .dependencies
        .iter()
        .find(|entry| entry.id == id && entry.version.to_string() == version)
        .ok_or_else(|| format!("no {id} {version} in the inventory"))?;
    let installed = install(
        dependency,
        &Location::upstream(dependency),
        target,
        &FetchOptions::default(),
        &mut NoProgress,
    )?;
    Ok(installed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_a_file_uri_entry_and_names_a_missing_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let archive = dir.path().join("tool.tar.gz");
        let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
            fs_err::File::create(&archive).expect("create"),
            flate2::Compression::fast(),
        ));
        let mut header = tar::Header::new_gnu();
        header.set_size(5);
        header.set_mode(0o755);
        header.set_cksum();
        builder
            .append_data(&mut header, "tool-1.0.0/bin/tool", &b"hello"[..])
            .expect("append");
        builder.into_inner().expect("tar").finish().expect("gzip");
        let digest = crate::inventory::sha256_cached(&archive).expect("digest");
        let inventory = dir.path().join("inventory.toml");
        fs_err::write(
            &inventory,
            format!(
                "[[dependencies]]\nid = \"tool\"\nversion = \"1.0.0\"\nuri = \"file://{}\"\n\
                 checksum = \"sha256:{digest}\"\nstrip-components = 1\n",
                archive.display()
            ),
        )
        .expect("write inventory");
        let target = dir.path().join("installed");
        let installed =
            install_from_inventory(&inventory, "tool", "1.0.0", &target).expect("installs");
        assert_eq!(
            installed.bytes,
            fs_err::metadata(&archive).expect("size").len()
        );
        assert_eq!(
            fs_err::read_to_string(target.join("bin/tool")).expect("unpacked"),
            "hello"
        );
        let missing = install_from_inventory(&inventory, "tool", "2.0.0", &dir.path().join("x"))
            .expect_err("no such version");
        assert_eq!(missing.to_string(), "no tool 2.0.0 in the inventory");
    }
}
