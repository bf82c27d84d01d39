//! The pool configuration (Paketo's base.conf and buildpack.conf). base.conf holds a fallback
//! `[www]` pool, then includes, lowest precedence first: the distribution's
//! `php-fpm.d/www.conf.default`, buildpack.conf, what other buildpacks put in the app's
//! `.php.fpm.bp/`, and the app's own `.php.fpm.d/*.conf`. The pool listens on a socket in
//! /tmp, which nginx and httpd reach, and keeps the environment (`clear_env = no`). FPM runs
//! as the image's user, so its workers do too (`user` is ignored when not root).

use crate::errors;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

pub(crate) const PATH_VAR: &str = "PHP_FPM_PATH";
/// The pool's socket; the web servers' configurations name it.
pub(crate) const SOCKET: &str = stowage_php::FPM_SOCKET;
/// Relative to `PHP_HOME`.
pub(crate) const WWW_DEFAULT: &str = "etc/php-fpm.d/www.conf.default";

pub(crate) struct Files {
    /// `base.conf`, which FPM is started with.
    pub base: PathBuf,
    buildpack: PathBuf,
    app: PathBuf,
    www_default: Option<PathBuf>,
}

impl Files {
    pub(crate) fn new(layer: &Path, app: &Path, www_default: Option<PathBuf>) -> Self {
        Self {
            base: layer.join("base.conf"),
            buildpack: layer.join("buildpack.conf"),
            app: app.to_path_buf(),
            www_default,
        }
    }

    /// What base.conf includes, in order.
    pub(crate) fn includes(&self) -> Vec<String> {
        let mut includes: Vec<String> = self
            .www_default
            .iter()
            .chain([&self.buildpack])
            .map(|file| file.display().to_string())
            .collect();
        includes.push(self.app.join(".php.fpm.bp/*.conf").display().to_string());
        if self.app.join(".php.fpm.d").is_dir() {
            includes.push(self.app.join(".php.fpm.d/*.conf").display().to_string());
        }
        includes
    }

    pub(crate) fn base_conf(&self) -> String {
        let mut text = String::from(
            "; Made by stowage/php-fpm. Override it in the app's .php.fpm.d/*.conf.\n\
             [global]\n\
             daemonize = no\n\
             pid = /tmp/php-fpm.pid\n\
             error_log = /tmp/php-fpm.log\n\n\
             [www]\n\
             pm = dynamic\n\
             pm.max_children = 5\n\
             pm.start_servers = 2\n\
             pm.min_spare_servers = 1\n\
             pm.max_spare_servers = 3\n\n",
        );
        for include in self.includes() {
            let _ = writeln!(text, "include={include}");
        }
        text
    }

    pub(crate) fn buildpack_conf() -> String {
        format!(
            "; Made by stowage/php-fpm.\n\
             [global]\n\
             daemonize = no\n\n\
             [www]\n\
             listen = {SOCKET}\n\
             listen.mode = 0660\n\
             clear_env = no\n\
             catch_workers_output = yes\n\
             decorate_workers_output = no\n"
        )
    }

    /// Writes both files and makes the app's `.php.fpm.bp/` for the web server buildpacks.
    pub(crate) fn write(&self) -> Result<(), Error> {
        let bp_dir = self.app.join(".php.fpm.bp");
        fs_err::create_dir_all(&bp_dir).map_err(|error| errors::not_written(&bp_dir, &error))?;
        fs_err::write(&self.base, self.base_conf())
            .map_err(|error| errors::not_written(&self.base, &error))?;
        fs_err::write(&self.buildpack, Self::buildpack_conf())
            .map_err(|error| errors::not_written(&self.buildpack, &error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_include_order_and_the_pool() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = dir.path().join("app");
        let layer = dir.path().join("layer");
        fs_err::create_dir_all(app.join(".php.fpm.d")).expect("mkdir");
        fs_err::create_dir_all(&layer).expect("mkdir");
        let files = Files::new(
            &layer,
            &app,
            Some(PathBuf::from("/layers/php/etc/php-fpm.d/www.conf.default")),
        );
        files.write().expect("written");
        assert!(app.join(".php.fpm.bp").is_dir());
        let base = fs_err::read_to_string(&files.base)
            .expect("base")
            .replace(&dir.path().display().to_string(), "<dir>");
        insta::assert_snapshot!(base);
        let buildpack = fs_err::read_to_string(layer.join("buildpack.conf")).expect("buildpack");
        for line in ["listen = /tmp/php-fpm.socket", "clear_env = no"] {
            assert!(buildpack.contains(line), "{line} in {buildpack}");
        }

        let without = Files::new(&layer, &dir.path().join("other"), None);
        assert_eq!(
            without.includes(),
            [
                layer.join("buildpack.conf").display().to_string(),
                dir.path()
                    .join("other/.php.fpm.bp/*.conf")
                    .display()
                    .to_string()
            ]
        );
    }
}
