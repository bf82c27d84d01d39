//! The `BP_WEB_SERVER*` settings, with Paketo's names and defaults.

use crate::{Server, errors};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;

pub const WEB_SERVER: &str = "BP_WEB_SERVER";
pub const ROOT: &str = "BP_WEB_SERVER_ROOT";
pub const PUSH_STATE: &str = "BP_WEB_SERVER_ENABLE_PUSH_STATE";
pub const FORCE_HTTPS: &str = "BP_WEB_SERVER_FORCE_HTTPS";

/// `BP_WEB_SERVER` names `server`: generate its configuration. Read in detect too.
#[must_use]
pub fn generates(config: &Config, server: Server) -> bool {
    config.string(WEB_SERVER).as_deref().map(str::trim) == Some(server.name())
}

/// The settings of a generated configuration for a static site.
#[derive(Debug, PartialEq, Eq)]
pub struct StaticSite {
    pub root: Root,
    pub push_state: bool,
    pub force_https: bool,
}

/// `BP_WEB_SERVER_ROOT` (default `public`): a folder of the app, or an absolute path.
#[derive(Debug, PartialEq, Eq)]
pub enum Root {
    /// Relative to the app, without `./` and a trailing `/`.
    InApp(String),
    Absolute(PathBuf),
}

impl StaticSite {
    /// Reads the settings; a bad boolean fails naming its variable.
    pub fn read(config: &Config) -> Result<Self, Error> {
        let root = config
            .string(ROOT)
            .map_or_else(|| "public".to_string(), |root| root.trim().to_string());
        let root = if root.starts_with('/') {
            Root::Absolute(PathBuf::from(root))
        } else {
            let relative = root.trim_start_matches("./").trim_end_matches('/');
            Root::InApp(if relative.is_empty() { "." } else { relative }.to_string())
        };
        Ok(Self {
            root,
            push_state: config.flag(PUSH_STATE)?,
            force_https: config.flag(FORCE_HTTPS)?,
        })
    }

    /// The root as a configuration names it: absolute, or under `app_root` (the server's
    /// spelling of the app's folder at launch, such as `${APP_ROOT}`).
    #[must_use]
    pub fn root_under(&self, app_root: &str) -> String {
        match &self.root {
            Root::InApp(relative) if relative == "." => app_root.to_string(),
            Root::InApp(relative) => format!("{app_root}/{relative}"),
            Root::Absolute(path) => path.display().to_string(),
        }
    }

    /// A root inside the app must be a folder by the time the server is configured (a front
    /// end's build has made it); an absolute one may come with the run image or a volume.
    pub fn check_root(&self, app: &Path, server: Server) -> Result<(), Error> {
        match &self.root {
            Root::InApp(relative) if !app.join(relative).is_dir() => {
                Err(errors::root_missing(server, relative))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    #[test]
    fn defaults_and_values() {
        let env = env_of::<&str, &str>([]);
        let config = Config::new(&env);
        assert!(!generates(&config, Server::Httpd));
        let site = StaticSite::read(&config).expect("defaults");
        assert_eq!(site.root, Root::InApp("public".to_string()));
        assert_eq!(site.root_under("${APP_ROOT}"), "${APP_ROOT}/public");
        assert!(!site.push_state && !site.force_https);

        let env = env_of([
            (WEB_SERVER, " httpd "),
            (ROOT, "./dist/"),
            (PUSH_STATE, "true"),
            (FORCE_HTTPS, "1"),
        ]);
        let config = Config::new(&env);
        assert!(generates(&config, Server::Httpd));
        assert!(!generates(&config, Server::Nginx));
        let site = StaticSite::read(&config).expect("values");
        assert_eq!(
            site.root_under("{{env \"APP_ROOT\"}}"),
            "{{env \"APP_ROOT\"}}/dist"
        );
        assert!(site.push_state && site.force_https);

        let env = env_of([(ROOT, "/srv/www"), (PUSH_STATE, "maybe")]);
        let error = StaticSite::read(&Config::new(&env)).expect_err("bad bool");
        assert!(error.render().contains(PUSH_STATE), "{}", error.render());
        let env = env_of([(ROOT, "/srv/www")]);
        let site = StaticSite::read(&Config::new(&env)).expect("absolute");
        assert_eq!(site.root_under("${APP_ROOT}"), "/srv/www");
        let env = env_of([(ROOT, ".")]);
        let site = StaticSite::read(&Config::new(&env)).expect("the app");
        assert_eq!(site.root_under("${APP_ROOT}"), "${APP_ROOT}");
    }

    #[test]
    fn a_root_missing_from_the_app_fails_naming_it() {
        let app = tempfile::tempdir().expect("temp dir");
        let env = env_of([(ROOT, "dist")]);
        let site = StaticSite::read(&Config::new(&env)).expect("reads");
        let error = site
            .check_root(app.path(), Server::Httpd)
            .expect_err("missing");
        assert!(
            error.render().contains("[httpd/root-missing]"),
            "{}",
            error.render()
        );
        fs_err::create_dir(app.path().join("dist")).expect("mkdir");
        site.check_root(app.path(), Server::Httpd).expect("there");
        let env = env_of([(ROOT, "/nowhere")]);
        let site = StaticSite::read(&Config::new(&env)).expect("reads");
        site.check_root(app.path(), Server::Nginx)
            .expect("absolute roots are not checked");
    }
}
