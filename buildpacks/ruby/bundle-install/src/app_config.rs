//! The app's own `.bundle/config`. Bundler prefers it to the layer's global config, so its
//! settings are copied into each layer's config and the file leaves the app image (as at
//! Paketo); a `.bundle/config.bak` an earlier build left is the original.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;

const CONFIG: &str = ".bundle/config";
const BACKUP: &str = ".bundle/config.bak";

pub(crate) struct AppConfig {
    content: Option<Vec<u8>>,
}

impl AppConfig {
    pub(crate) fn read(app_dir: &Path) -> Result<Self, Error> {
        for name in [BACKUP, CONFIG] {
            let path = app_dir.join(name);
            if path.is_file() {
                let content =
                    fs_err::read(&path).map_err(|error| errors::app_config(&path, &error))?;
                return Ok(Self {
                    content: Some(content),
                });
            }
        }
        Ok(Self { content: None })
    }

    /// Starts a layer's config from the app's settings (or from nothing).
    pub(crate) fn write_to(&self, config: &Path) -> Result<(), Error> {
        let written = match &self.content {
            Some(content) => fs_err::write(config, content),
            None => match fs_err::remove_file(config) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
                _ => Ok(()),
            },
        };
        written.map_err(|error| errors::app_config(config, &error))
    }

    pub(crate) fn remove_from_app(app_dir: &Path) -> Result<(), Error> {
        for name in [CONFIG, BACKUP] {
            let path = app_dir.join(name);
            if let Err(error) = fs_err::remove_file(&path)
                && error.kind() != std::io::ErrorKind::NotFound
            {
                return Err(errors::app_config(&path, &error));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apps_settings_reach_the_layer_and_leave_the_app() {
        let app = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir_all(app.path().join(".bundle")).expect("mkdir");
        fs_err::write(app.path().join(CONFIG), "BUNDLE_JOBS: \"4\"\n").expect("write");
        let saved = AppConfig::read(app.path()).expect("read");
        let layer = tempfile::tempdir().expect("temp dir");
        let config = layer.path().join("config");
        saved.write_to(&config).expect("copied");
        assert_eq!(
            fs_err::read_to_string(&config).expect("read"),
            "BUNDLE_JOBS: \"4\"\n"
        );
        AppConfig::remove_from_app(app.path()).expect("removed");
        assert!(!app.path().join(CONFIG).exists());

        let none = AppConfig::read(app.path()).expect("read");
        none.write_to(&config).expect("cleared");
        assert!(!config.exists());
    }
}
