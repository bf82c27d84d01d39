//! The httpd.conf made for `BP_WEB_SERVER=httpd` (Paketo's `default_conf.go`): a static site
//! served from the root, in the foreground, as the image's unprivileged user. httpd expands
//! `${VAR}` itself, so the port, the app's and the server's folders are read at launch.

use std::fmt::Write;
use std::path::Path;
use stowage_web_servers::settings::StaticSite;

/// The configuration text; `htpasswd` is the basic-auth user file, if a binding gives one.
pub(crate) fn generate(site: &StaticSite, htpasswd: Option<&Path>) -> String {
    let root = site.root_under("${APP_ROOT}");
    // Debian's httpd has unixd and log_config built in.
    let mut modules = vec!["mpm_event", "authz_core", "authz_host", "mime", "dir"];
    if site.push_state || site.force_https {
        modules.push("rewrite");
    }
    if htpasswd.is_some() {
        modules.extend(["auth_basic", "authn_core", "authn_file", "authz_user"]);
    }
    let mut conf = String::from(
        "# Made by stowage/httpd for BP_WEB_SERVER=httpd.\n\
         ServerRoot \"${SERVER_ROOT}\"\n\
         Listen \"${PORT}\"\n\
         ServerName \"localhost\"\n\
         ServerAdmin \"admin@localhost\"\n\
         ServerTokens Prod\n\
         PidFile /tmp/httpd.pid\n\
         DefaultRuntimeDir /tmp\n\n",
    );
    for module in &modules {
        let _ = writeln!(conf, "LoadModule {module}_module modules/mod_{module}.so");
    }
    // Piped to programs that inherit the server's own output: reopening /dev/stdout fails
    // for an unprivileged user when the output belongs to root.
    let _ = write!(
        conf,
        "\nTypesConfig conf/mime.types\n\
         ErrorLog \"|$exec /bin/cat 1>&2\"\n\
         LogLevel warn\n\
         LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b \\\"%{{Referer}}i\\\" \\\"%{{User-Agent}}i\\\"\" combined\n\
         CustomLog \"|/bin/cat\" combined\n\n\
         DocumentRoot \"{root}\"\n\
         DirectoryIndex index.html\n\n\
         <Directory />\n  AllowOverride None\n  Require all denied\n</Directory>\n\n\
         <Files \".ht*\">\n  Require all denied\n</Files>\n\n"
    );
    if site.force_https {
        conf.push_str(
            "RewriteEngine On\n\
             RewriteCond %{HTTPS} !=on\n\
             RewriteCond %{HTTP:X-Forwarded-Proto} !=https\n\
             RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]\n\n",
        );
    }
    let _ = writeln!(
        conf,
        "<Directory \"{root}\">\n  Options SymLinksIfOwnerMatch\n  AllowOverride None"
    );
    if let Some(file) = htpasswd {
        let _ = writeln!(
            conf,
            "  AuthType Basic\n  AuthName \"Password Protected\"\n  AuthUserFile \"{}\"\n  \
             Require valid-user",
            file.display()
        );
    } else {
        conf.push_str("  Require all granted\n");
    }
    if site.push_state {
        conf.push_str(
            "  RewriteEngine On\n\
             \x20 RewriteCond %{REQUEST_FILENAME} !-f\n\
             \x20 RewriteCond %{REQUEST_FILENAME} !-d\n\
             \x20 RewriteRule ^ index.html [L]\n",
        );
    }
    conf.push_str("</Directory>\n");
    conf
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_web_servers::settings::Root;

    fn site(push_state: bool, force_https: bool) -> StaticSite {
        StaticSite {
            root: Root::InApp("public".to_string()),
            push_state,
            force_https,
        }
    }

    #[test]
    fn the_plain_site() {
        insta::assert_snapshot!(generate(&site(false, false), None));
    }

    #[test]
    fn every_option() {
        let conf = generate(
            &site(true, true),
            Some(Path::new("/layers/stowage_httpd/auth/.htpasswd")),
        );
        for wanted in [
            "LoadModule rewrite_module modules/mod_rewrite.so",
            "LoadModule authn_file_module modules/mod_authn_file.so",
            "RewriteCond %{HTTP:X-Forwarded-Proto} !=https",
            "AuthUserFile \"/layers/stowage_httpd/auth/.htpasswd\"",
            "Require valid-user",
            "RewriteRule ^ index.html [L]",
        ] {
            assert!(conf.contains(wanted), "{wanted} in:\n{conf}");
        }
        let plain = generate(&site(false, false), None);
        for absent in ["rewrite", "Rewrite", "Auth", "valid-user"] {
            assert!(!plain.contains(absent), "{absent} in:\n{plain}");
        }
    }
}
