//! What php-httpd and php-nginx share: the app's `<server>.conf` and FPM's side of it,
//! `.php.fpm.bp/<server>-fpm.conf`, which php-fpm's base.conf includes.

use crate::settings::{FPM_SOCKET, PhpSettings};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::output::Output;

/// A web server in front of PHP-FPM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebServer {
    Httpd,
    Nginx,
}

impl WebServer {
    /// As `BP_PHP_SERVER` names it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Httpd => "httpd",
            Self::Nginx => "nginx",
        }
    }

    /// Whether `BP_PHP_SERVER` chose this server.
    #[must_use]
    pub fn chosen(self, settings: &PhpSettings) -> bool {
        settings.server.as_deref() == Some(self.name())
    }

    /// FPM's side: the pool listens on the socket the server passes PHP requests to.
    #[must_use]
    pub fn fpm_conf(self) -> String {
        let name = self.name();
        format!(
            "; Made by stowage/php-{name}: the pool {name} passes PHP requests to.\n[www]\nlisten = {FPM_SOCKET}\n"
        )
    }

    /// Writes `<app>/<server>.conf` (`note` says who runs it) and FPM's side.
    pub fn write_confs(
        self,
        app: &Path,
        conf: &str,
        note: &str,
        output: &mut Output,
    ) -> Result<(), Error> {
        let name = self.name();
        self.write(&app.join(format!("{name}.conf")), conf)?;
        output.step(&format!("Wrote {name}.conf ({note})"));
        let fpm = format!(".php.fpm.bp/{name}-fpm.conf");
        self.write(&app.join(&fpm), &self.fpm_conf())?;
        output.step(&format!("Wrote {fpm}"));
        Ok(())
    }

    fn write(self, file: &Path, text: &str) -> Result<(), Error> {
        if let Some(parent) = file.parent() {
            fs_err::create_dir_all(parent).map_err(|error| self.not_written(file, &error))?;
        }
        fs_err::write(file, text).map_err(|error| self.not_written(file, &error))
    }

    fn not_written(self, file: &Path, error: &std::io::Error) -> Error {
        let id = match self {
            Self::Httpd => "php-httpd/conf-not-written",
            Self::Nginx => "php-nginx/conf-not-written",
        };
        Error::new(
            id,
            format!(
                "The {} configuration could not be written: {error}",
                self.name()
            ),
            "Check that the app's folder is writable during the build and that the disk has room.",
        )
        .file(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::{Config, env_of};

    #[test]
    fn chosen_by_the_setting_and_both_files_written() {
        let env = env_of([("BP_PHP_SERVER", "nginx")]);
        let settings = PhpSettings::read(&Config::new(&env));
        assert!(WebServer::Nginx.chosen(&settings));
        assert!(!WebServer::Httpd.chosen(&settings));

        let app = tempfile::tempdir().expect("temp dir");
        let (mut output, captured) = stowage_kit::output::captured::plain();
        WebServer::Httpd
            .write_confs(app.path(), "Listen 8080\n", "it runs", &mut output)
            .expect("written");
        let conf = fs_err::read_to_string(app.path().join("httpd.conf")).expect("conf");
        assert_eq!(conf, "Listen 8080\n");
        let fpm = fs_err::read_to_string(app.path().join(".php.fpm.bp/httpd-fpm.conf"))
            .expect("fpm conf");
        assert_eq!(fpm, WebServer::Httpd.fpm_conf());
        let log = captured.text();
        assert!(log.contains("Wrote httpd.conf (it runs)"), "{log}");
        assert!(log.contains("Wrote .php.fpm.bp/httpd-fpm.conf"), "{log}");
    }

    #[test]
    fn reads_well() {
        let error = std::io::Error::other("read-only file system");
        insta::assert_snapshot!(
            "httpd",
            WebServer::Httpd
                .not_written(Path::new("/workspace/httpd.conf"), &error)
                .render()
        );
        insta::assert_snapshot!(
            "nginx",
            WebServer::Nginx
                .not_written(Path::new("/workspace/nginx.conf"), &error)
                .render()
        );
    }
}
