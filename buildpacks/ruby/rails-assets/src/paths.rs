//! Where Rails reads asset sources and writes compiled assets, with the extra folders
//! `BP_RAILS_ASSETS_EXTRA_SOURCE_PATHS` and `BP_RAILS_ASSETS_EXTRA_DESTINATION_PATHS` add
//! (colon-separated, app-relative), as Paketo's rails-assets reads them.

use crate::errors;
use std::path::{Component, Path};
use stowage_kit::Error;
use stowage_kit::config::Config;

/// The asset folders whose content decides whether compiled assets are kept.
pub(crate) const SOURCES: [&str; 4] = [
    "app/assets",
    "lib/assets",
    "vendor/assets",
    "app/javascript",
];
/// Compiled assets (Sprockets, Webpacker), served by the app: kept in the launch layer.
const OUTPUTS: [&str; 2] = ["public/assets", "public/packs"];
/// Sprockets' cache: needed only while compiling, so it lives in a cache-only layer.
pub(crate) const SPROCKETS_CACHE: &str = "tmp/cache/assets";
const EXTRA_SOURCES: &str = "BP_RAILS_ASSETS_EXTRA_SOURCE_PATHS";
const EXTRA_DESTINATIONS: &str = "BP_RAILS_ASSETS_EXTRA_DESTINATION_PATHS";

pub(crate) struct AssetPaths {
    /// App-relative folders whose content is digested.
    pub(crate) sources: Vec<String>,
    /// App-relative folders the compile writes and the image serves.
    pub(crate) outputs: Vec<String>,
}

impl AssetPaths {
    pub(crate) fn from_config(config: &Config) -> Result<Self, Error> {
        let mut sources: Vec<String> = SOURCES.iter().map(ToString::to_string).collect();
        sources.extend(extra(config, EXTRA_SOURCES)?);
        let mut outputs: Vec<String> = OUTPUTS.iter().map(ToString::to_string).collect();
        outputs.extend(extra(config, EXTRA_DESTINATIONS)?);
        sources.dedup();
        outputs.dedup();
        Ok(Self { sources, outputs })
    }
}

/// The layer folder an output lives in: its path with `/` as `-` (`public-assets`).
pub(crate) fn layer_folder(output: &str) -> String {
    output.replace('/', "-")
}

/// The app-relative folders a variable lists; each must stay inside the app.
fn extra(config: &Config, variable: &str) -> Result<Vec<String>, Error> {
    let Some(value) = config.string(variable) else {
        return Ok(Vec::new());
    };
    let mut paths = Vec::new();
    for item in value
        .split(':')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        let item = item.trim_end_matches('/');
        let inside = !item.is_empty()
            && Path::new(item)
                .components()
                .all(|component| matches!(component, Component::Normal(_)));
        if !inside {
            return Err(errors::path_invalid(variable, item));
        }
        paths.push(item.to_string());
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    #[test]
    fn extra_folders_join_the_defaults() {
        let env = env_of([
            (EXTRA_SOURCES, "app/frontend:lib/styles/"),
            (EXTRA_DESTINATIONS, "public/frontend"),
        ]);
        let paths = AssetPaths::from_config(&Config::new(&env)).expect("valid");
        assert_eq!(
            paths.sources,
            [
                "app/assets",
                "lib/assets",
                "vendor/assets",
                "app/javascript",
                "app/frontend",
                "lib/styles"
            ]
        );
        assert_eq!(
            paths.outputs,
            ["public/assets", "public/packs", "public/frontend"]
        );
        assert_eq!(layer_folder("public/frontend"), "public-frontend");
    }

    #[test]
    fn folders_outside_the_app_are_refused() {
        for bad in ["/srv/assets", "public/../../etc", "./public"] {
            let env = env_of([(EXTRA_DESTINATIONS, bad)]);
            let error = AssetPaths::from_config(&Config::new(&env))
                .err()
                .expect("refused");
            assert_eq!(error.id, "rails-assets/path-invalid", "{bad}");
        }
    }
}
