//! The httpd.conf for PHP (Paketo's php-httpd `default.conf`): the web folder with
//! `AllowOverride All`, existing `*.php` passed to FPM's socket, the client's address and
//! scheme from a proxy in front, and the app's own `.httpd.conf.d/*.conf` included. httpd
//! expands `${PORT}` and `${SERVER_ROOT}` itself at launch (stowage/httpd sets them).

use std::fmt::Write;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const SERVER_ADMIN: &str = "BP_PHP_SERVER_ADMIN";

#[derive(Debug)]
pub(crate) struct Options {
    /// Absolute.
    pub root: PathBuf,
    pub server_admin: String,
    pub https_redirect: bool,
}

impl Options {
    pub(crate) fn read(config: &Config, app: &Path, web_dir: &str) -> Result<Self, Error> {
        Ok(Self {
            root: app.join(web_dir),
            server_admin: config
                .string(SERVER_ADMIN)
                .unwrap_or_else(|| "admin@localhost".to_string()),
            https_redirect: stowage_php::https_redirect(config)?,
        })
    }
}

/// Debian's httpd has `unixd` and `log_config` built in.
const MODULES: &[&str] = &[
    "mpm_event",
    "authz_core",
    "authz_host",
    "mime",
    "dir",
    "rewrite",
    "remoteip",
    "setenvif",
    "proxy",
    "proxy_fcgi",
];

pub(crate) fn httpd_conf(options: &Options, app: &Path) -> String {
    let root = options.root.display();
    let mut conf = format!(
        "# Made by stowage/php-httpd for BP_PHP_SERVER=httpd.\n\
         ServerRoot \"${{SERVER_ROOT}}\"\n\
         Listen \"${{PORT}}\"\n\
         ServerName \"localhost\"\n\
         ServerAdmin \"{admin}\"\n\
         ServerTokens Prod\n\
         PidFile /tmp/httpd.pid\n\
         DefaultRuntimeDir /tmp\n\n",
        admin = options.server_admin
    );
    for module in MODULES {
        let _ = writeln!(conf, "LoadModule {module}_module modules/mod_{module}.so");
    }
    // Piped to programs that inherit the server's own output: /dev/stdout may not be
    // reopened by an unprivileged user.
    let _ = write!(
        conf,
        "\nTypesConfig conf/mime.types\n\
         ErrorLog \"|$exec /bin/cat 1>&2\"\n\
         LogLevel warn\n\
         LogFormat \"%a %l %u %t \\\"%r\\\" %>s %b \\\"%{{Referer}}i\\\" \\\"%{{User-Agent}}i\\\"\" combined\n\
         CustomLog \"|/bin/cat\" combined\n\n\
         DocumentRoot \"{root}\"\n\
         DirectoryIndex index.php index.html index.htm\n\n\
         <Directory />\n  AllowOverride None\n  Require all denied\n</Directory>\n\n\
         <Directory \"{root}\">\n  Options SymLinksIfOwnerMatch\n  AllowOverride All\n  \
         Require all granted\n</Directory>\n\n\
         <Files \".ht*\">\n  Require all denied\n</Files>\n\n\
         RemoteIPHeader X-Forwarded-For\n\
         RemoteIPInternalProxy 10.0.0.0/8\n\
         SetEnvIf X-Forwarded-Proto https HTTPS=on\n\n\
         <FilesMatch \"\\.php$\">\n  <If \"-f %{{REQUEST_FILENAME}}\">\n    \
         SetHandler \"proxy:unix:{socket}|fcgi://localhost\"\n  </If>\n</FilesMatch>\n\n",
        socket = stowage_php::FPM_SOCKET,
    );
    if options.https_redirect {
        conf.push_str(
            "RewriteEngine On\n\
             RewriteCond %{HTTP:X-Forwarded-Proto} !^$\n\
             RewriteCond %{HTTP:X-Forwarded-Proto} !=https\n\
             RewriteCond %{HTTPS} !=on\n\
             RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]\n\n",
        );
    }
    let _ = writeln!(
        conf,
        "IncludeOptional \"{}/.httpd.conf.d/*.conf\"",
        app.display()
    );
    conf
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    #[test]
    fn the_default_configuration() {
        let env = env_of([("X", "y")]);
        let options =
            Options::read(&Config::new(&env), Path::new("/workspace"), "htdocs").expect("options");
        insta::assert_snapshot!(httpd_conf(&options, Path::new("/workspace")));
        assert!(
            stowage_php::WebServer::Httpd
                .fpm_conf()
                .contains("listen = /tmp/php-fpm.socket")
        );
    }

    #[test]
    fn settings_change_it() {
        let env = env_of([
            (SERVER_ADMIN, "ops@example.com"),
            ("BP_PHP_ENABLE_HTTPS_REDIRECT", "false"),
        ]);
        let options =
            Options::read(&Config::new(&env), Path::new("/workspace"), "public").expect("options");
        let conf = httpd_conf(&options, Path::new("/workspace"));
        assert!(conf.contains("ServerAdmin \"ops@example.com\""), "{conf}");
        assert!(
            conf.contains("DocumentRoot \"/workspace/public\""),
            "{conf}"
        );
        assert!(!conf.contains("RewriteRule"), "{conf}");
        let bad = env_of([("BP_PHP_ENABLE_HTTPS_REDIRECT", "sometimes")]);
        let error = Options::read(&Config::new(&bad), Path::new("/workspace"), "htdocs")
            .expect_err("not a bool");
        assert!(
            error.render().contains("BP_PHP_ENABLE_HTTPS_REDIRECT"),
            "{}",
            error.render()
        );
    }
}
