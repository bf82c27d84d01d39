//! The `BP_PHP_*` settings several PHP buildpacks read, with Paketo's defaults.

use stowage_kit::config::Config;

/// The PHP version constraint (php-dist).
pub const VERSION: &str = "BP_PHP_VERSION";
/// The folder served, relative to the app (`htdocs`).
pub const WEB_DIR: &str = "BP_PHP_WEB_DIR";
/// The folder added to PHP's `include_path`, relative to the app (`lib`).
pub const LIB_DIR: &str = "BP_PHP_LIB_DIR";
/// The socket PHP-FPM's pool listens on, and the web servers pass PHP requests to.
pub const FPM_SOCKET: &str = "/tmp/php-fpm.socket";
/// Which server runs the app: unset or `php-server` (built-in), `nginx` or `httpd`.
pub const SERVER: &str = "BP_PHP_SERVER";

/// Whether the web server redirects requests a proxy received over plain HTTP
/// (`BP_PHP_ENABLE_HTTPS_REDIRECT`, default true); a value that is not a bool fails.
pub fn https_redirect(config: &Config) -> Result<bool, stowage_kit::Error> {
    Ok(config.bool("BP_PHP_ENABLE_HTTPS_REDIRECT")?.unwrap_or(true))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhpSettings {
    pub web_dir: String,
    pub lib_dir: String,
    pub server: Option<String>,
}

impl PhpSettings {
    /// The settings, blank values read as unset.
    #[must_use]
    pub fn read(config: &Config) -> Self {
        Self {
            web_dir: config
                .string(WEB_DIR)
                .unwrap_or_else(|| "htdocs".to_string()),
            lib_dir: config.string(LIB_DIR).unwrap_or_else(|| "lib".to_string()),
            server: config.string(SERVER),
        }
    }

    /// Whether the built-in server is the one asked for (`BP_PHP_SERVER` unset or
    /// `php-server`).
    #[must_use]
    pub fn builtin_server(&self) -> bool {
        self.server
            .as_deref()
            .is_none_or(|server| server == "php-server")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    #[test]
    fn paketo_defaults_and_the_server_choice() {
        let env = env_of([(WEB_DIR, " "), (SERVER, "")]);
        let settings = PhpSettings::read(&Config::new(&env));
        assert_eq!(settings.web_dir, "htdocs");
        assert_eq!(settings.lib_dir, "lib");
        assert!(settings.builtin_server());

        let env = env_of([(WEB_DIR, "public"), (LIB_DIR, "src"), (SERVER, "nginx")]);
        let settings = PhpSettings::read(&Config::new(&env));
        assert_eq!(settings.web_dir, "public");
        assert_eq!(settings.lib_dir, "src");
        assert!(!settings.builtin_server());
        let env = env_of([(SERVER, "php-server")]);
        assert!(PhpSettings::read(&Config::new(&env)).builtin_server());
    }
}
