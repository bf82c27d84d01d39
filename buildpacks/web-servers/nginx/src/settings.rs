//! The build's `BP_*` settings, with Paketo's names and defaults.

use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_web_servers::Server;
use stowage_web_servers::settings::{StaticSite, generates};

pub(crate) const VERSION: &str = "BP_NGINX_VERSION";
pub(crate) const CONF_LOCATION: &str = "BP_NGINX_CONF_LOCATION";
pub(crate) const LOCATION_PATH: &str = "BP_WEB_SERVER_LOCATION_PATH";
pub(crate) const INCLUDE_FILE: &str = "BP_WEB_SERVER_INCLUDE_FILE_PATH";
pub(crate) const STUB_STATUS_PORT: &str = "BP_NGINX_STUB_STATUS_PORT";

/// Where the app's nginx.conf is, and whether to generate it (`BP_WEB_SERVER=nginx`). Read in
/// detect too, which must not fail on a bad value elsewhere.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Location {
    /// Absolute.
    pub conf: PathBuf,
    pub generate: bool,
}

impl Location {
    pub(crate) fn read(app: &Path, config: &Config) -> Self {
        let conf = config
            .string(CONF_LOCATION)
            .unwrap_or_else(|| "nginx.conf".to_string());
        Self {
            conf: app.join(conf.trim()),
            generate: generates(config, Server::Nginx),
        }
    }

    /// nginx is needed: the app has a configuration, or asks for a generated one.
    pub(crate) fn wanted(&self) -> bool {
        self.generate || self.conf.is_file()
    }
}

/// The settings of a generated nginx.conf.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Generated {
    /// As nginx's `root` takes it: absolute, or under `{{env "APP_ROOT"}}`.
    pub root: String,
    pub location_path: String,
    pub push_state: bool,
    pub force_https: bool,
    /// Absolute.
    pub include_file: Option<PathBuf>,
    pub stub_status_port: Option<u16>,
}

impl Generated {
    pub(crate) fn read(app: &Path, config: &Config) -> Result<Self, Error> {
        let site = StaticSite::read(config)?;
        site.check_root(app, Server::Nginx)?;
        Ok(Self {
            root: site.root_under("{{env \"APP_ROOT\"}}"),
            location_path: config
                .string(LOCATION_PATH)
                .map_or_else(|| "/".to_string(), |path| path.trim().to_string()),
            push_state: site.push_state,
            force_https: site.force_https,
            include_file: include_file(app, config)?,
            stub_status_port: config.parse(STUB_STATUS_PORT, "a port number (1-65535)")?,
        })
    }
}

/// `BP_WEB_SERVER_INCLUDE_FILE_PATH`, which must name a file of the app in any mode.
pub(crate) fn include_file(app: &Path, config: &Config) -> Result<Option<PathBuf>, Error> {
    let Some(path) = config.string(INCLUDE_FILE) else {
        return Ok(None);
    };
    let file = app.join(path.trim());
    if file.is_file() {
        Ok(Some(file))
    } else {
        Err(crate::errors::include_file_missing(path.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;
    use stowage_web_servers::settings::{PUSH_STATE, ROOT, WEB_SERVER};

    #[test]
    fn defaults_and_values() {
        let app = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir(app.path().join("public")).expect("mkdir");
        fs_err::create_dir(app.path().join("dist")).expect("mkdir");
        let env = env_of::<&str, &str>([]);
        let config = Config::new(&env);
        let location = Location::read(app.path(), &config);
        assert_eq!(location.conf, app.path().join("nginx.conf"));
        assert!(!location.wanted());
        let generated = Generated::read(app.path(), &config).expect("defaults");
        assert_eq!(generated.root, "{{env \"APP_ROOT\"}}/public");
        assert_eq!(generated.location_path, "/");
        assert!(!generated.push_state && !generated.force_https);
        assert_eq!(generated.include_file, None);

        fs_err::write(app.path().join("extra.conf"), "").expect("write");
        let env = env_of([
            (WEB_SERVER, "nginx"),
            (CONF_LOCATION, "conf/site.conf"),
            (ROOT, "./dist/"),
            (PUSH_STATE, "true"),
            (INCLUDE_FILE, "extra.conf"),
            (STUB_STATUS_PORT, "8083"),
        ]);
        let config = Config::new(&env);
        let location = Location::read(app.path(), &config);
        assert!(location.generate && location.wanted());
        assert_eq!(location.conf, app.path().join("conf/site.conf"));
        let generated = Generated::read(app.path(), &config).expect("values");
        assert_eq!(generated.root, "{{env \"APP_ROOT\"}}/dist");
        assert!(generated.push_state);
        assert_eq!(generated.include_file, Some(app.path().join("extra.conf")));
        assert_eq!(generated.stub_status_port, Some(8083));

        let env = env_of([(ROOT, "/srv/www"), (STUB_STATUS_PORT, "many")]);
        let config = Config::new(&env);
        let error = Generated::read(app.path(), &config).expect_err("bad port");
        assert!(
            error.render().contains(STUB_STATUS_PORT),
            "{}",
            error.render()
        );
    }

    #[test]
    fn a_missing_include_file_fails_naming_it() {
        let app = tempfile::tempdir().expect("temp dir");
        let env = env_of([(INCLUDE_FILE, "missing.conf")]);
        let error = include_file(app.path(), &Config::new(&env)).expect_err("missing");
        assert!(
            error.render().contains("missing.conf"),
            "{}",
            error.render()
        );
    }
}
