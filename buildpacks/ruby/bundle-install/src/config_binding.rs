//! The `bundle-config` service binding: a Bundler config file (`config`) with settings the
//! install needs but the image must not keep, such as a private gem server's credentials
//! (`BUNDLE_GEMS__EXAMPLE__COM: "user:token"`). Bundler reads it as the app's local config
//! through `BUNDLE_APP_CONFIG`, while building only: nothing of it is written into a layer.

use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;

pub(crate) const BINDING_TYPE: &str = "bundle-config";
pub(crate) const KEY: &str = "config";

pub(crate) struct ConfigBinding {
    pub(crate) name: String,
    /// The binding's folder: Bundler reads `<folder>/config` when `BUNDLE_APP_CONFIG` names it.
    pub(crate) folder: PathBuf,
}

/// The one `bundle-config` binding, if the platform provides one.
pub(crate) fn find(bindings: &Bindings) -> Result<Option<ConfigBinding>, Error> {
    let Some((binding, config)) = bindings.single_with(BINDING_TYPE, KEY)? else {
        return Ok(None);
    };
    Ok(Some(ConfigBinding {
        name: binding.name.clone(),
        folder: config.parent().map_or_else(PathBuf::new, Path::to_path_buf),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binding_folder_is_bundlers_app_config() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("gem-server");
        fs_err::create_dir_all(&dir).expect("mkdir");
        fs_err::write(dir.join("type"), "bundle-config").expect("type");
        fs_err::write(dir.join(KEY), "BUNDLE_GEMS__EXAMPLE__COM: \"u:t\"\n").expect("config");
        let bindings = Bindings::read(root.path()).expect("read");
        let found = find(&bindings).expect("valid").expect("present");
        assert_eq!(found.name, "gem-server");
        assert_eq!(found.folder, dir);
        assert!(find(&Bindings::default()).expect("valid").is_none());
    }
}
