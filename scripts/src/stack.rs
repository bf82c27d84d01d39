//! The build image as an OCI image, from the build image root `scripts/lib/tools.sh` makes:
//! one layer of that root (owners and modes kept) and the config the platform spec asks of a
//! build image: `CNB_USER_ID`, `CNB_GROUP_ID` and `CNB_STACK_ID`, the user, os/arch, and the
//! `io.buildpacks.stack.id` and `io.buildpacks.base.*` labels (distro from its os-release).

use std::collections::BTreeMap;
use std::path::Path;

use crate::Result;
use crate::oci::{self, ImageConfig, Layer, LayoutWriter, TreeStyle};

/// The stack id of our Debian 12 images (the run image carries it too).
pub const STACK_ID: &str = "io.stowage.stacks.bookworm";
/// The build image this tool makes; a builder on another can only go to `pack builder create`.
pub const BUILD_IMAGE: &str = "stowage.local/build:bookworm";
pub const HOMEPAGE: &str = "https://github.com/stowage-buildpacks/stowage";
/// The fixed base `PATH` the phases run with.
pub const BASE_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The config of the build image whose root is `root`, for the build user `uid:gid`.
pub fn build_image_config(root: &Path, uid: u32, gid: u32) -> Result<ImageConfig> {
    let release = os_release(root)?;
    let field = |key: &str| release.get(key).cloned().unwrap_or_default();
    let labels = BTreeMap::from([
        ("io.buildpacks.stack.id".to_string(), STACK_ID.to_string()),
        ("io.buildpacks.base.distro.name".to_string(), field("ID")),
        (
            "io.buildpacks.base.distro.version".to_string(),
            field("VERSION_ID"),
        ),
        (
            "io.buildpacks.base.maintainer".to_string(),
            "Stowage".to_string(),
        ),
        (
            "io.buildpacks.base.homepage".to_string(),
            HOMEPAGE.to_string(),
        ),
        (
            "io.buildpacks.base.description".to_string(),
            format!("{} build image for Stowage", field("PRETTY_NAME")),
        ),
    ]);
    Ok(ImageConfig {
        os: "linux".into(),
        architecture: oci::host_arch().into(),
        env: vec![
            format!("PATH={BASE_PATH}"),
            format!("CNB_USER_ID={uid}"),
            format!("CNB_GROUP_ID={gid}"),
            format!("CNB_STACK_ID={STACK_ID}"),
        ],
        user: Some(format!("{uid}:{gid}")),
        working_dir: Some("/".into()),
        labels,
    })
}

/// The root folder as one layer.
pub fn root_layer(root: &Path) -> Result<Layer> {
    let mut layer = Layer::default();
    layer.tree(root, "", TreeStyle::Preserved)?;
    Ok(layer)
}

/// Writes the build image of `root` as an OCI layout at `out`.
pub fn write_build_image(root: &Path, uid: u32, gid: u32, out: &Path) -> Result<()> {
    let config = build_image_config(root, uid, gid)?;
    let mut writer = LayoutWriter::new(out)?;
    writer.add_layer(&root_layer(root)?)?;
    writer.finish(&config, "bookworm", out, false)
}

/// `KEY=value` lines of the root's `etc/os-release` (quotes removed).
fn os_release(root: &Path) -> Result<BTreeMap<String, String>> {
    let path = ["etc/os-release", "usr/lib/os-release"]
        .iter()
        .map(|file| root.join(file))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            format!(
                "{} has no etc/os-release: is it a build image root (scripts/lib/tools.sh makes one)?",
                root.display()
            )
        })?;
    Ok(fs_err::read_to_string(path)?
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_string(), value.trim_matches('"').to_string()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_image_carries_what_the_platform_spec_asks() {
        let temp = tempfile::tempdir().expect("temp dir");
        let root = temp.path().join("rootfs");
        fs_err::create_dir_all(root.join("etc")).expect("mkdir");
        fs_err::write(
            root.join("etc/os-release"),
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n",
        )
        .expect("write");
        let out = temp.path().join("build.oci");
        write_build_image(&root, 1001, 1002, &out).expect("written");

        let (config, layers) = oci::read::image(&out).expect("image");
        assert_eq!(layers.len(), 1);
        assert_eq!(config["os"], "linux");
        assert_eq!(config["architecture"], oci::host_arch());
        assert_eq!(config["config"]["User"], "1001:1002");
        let env = config["config"]["Env"].as_array().expect("env");
        for wanted in [
            "CNB_USER_ID=1001",
            "CNB_GROUP_ID=1002",
            "CNB_STACK_ID=io.stowage.stacks.bookworm",
        ] {
            assert!(env.iter().any(|var| var == wanted), "{wanted} in {env:?}");
        }
        let labels = &config["config"]["Labels"];
        assert_eq!(labels["io.buildpacks.stack.id"], STACK_ID);
        assert_eq!(labels["io.buildpacks.base.distro.name"], "debian");
        assert_eq!(labels["io.buildpacks.base.distro.version"], "12");
        assert_eq!(labels["io.buildpacks.base.maintainer"], "Stowage");
        assert_eq!(labels["io.buildpacks.base.homepage"], HOMEPAGE);
        let unpacked = temp.path().join("unpacked");
        oci::read::unpack(&layers, &unpacked).expect("unpacked");
        assert!(unpacked.join("etc/os-release").is_file());
    }

    #[test]
    fn a_folder_that_is_no_image_root_is_refused() {
        let temp = tempfile::tempdir().expect("temp dir");
        let error = write_build_image(temp.path(), 1, 1, &temp.path().join("out"))
            .expect_err("no os-release");
        assert!(error.to_string().contains("no etc/os-release"), "{error}");
        assert!(!temp.path().join("out").exists());
    }
}
