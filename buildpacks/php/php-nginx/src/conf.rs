//! The nginx.conf for PHP (Paketo's php-nginx `nginx.conf`): static files from the web
//! folder, `*.php` that exist passed to FPM's socket with the CGI parameters, the port read
//! at launch (`{{port}}`, rendered by stowage/nginx's exec.d), and the app's own
//! `.nginx.conf.d/*-server.conf` and `*-http.conf` included.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const ENABLE_HTTPS: &str = "BP_PHP_NGINX_ENABLE_HTTPS";

#[derive(Debug)]
pub(crate) struct Options {
    /// Absolute.
    pub root: PathBuf,
    pub https: bool,
    pub https_redirect: bool,
}

impl Options {
    pub(crate) fn read(config: &Config, app: &Path, web_dir: &str) -> Result<Self, Error> {
        Ok(Self {
            root: app.join(web_dir),
            https: config.bool(ENABLE_HTTPS)?.unwrap_or(false),
            https_redirect: stowage_php::https_redirect(config)?,
        })
    }
}

const MIME_TYPES: &[(&str, &str)] = &[
    ("text/html", "html htm"),
    ("text/css", "css"),
    ("text/plain", "txt"),
    ("text/xml", "xml"),
    ("application/javascript", "js mjs"),
    ("application/json", "json map"),
    ("application/pdf", "pdf"),
    ("image/gif", "gif"),
    ("image/jpeg", "jpeg jpg"),
    ("image/png", "png"),
    ("image/svg+xml", "svg"),
    ("image/webp", "webp"),
    ("image/x-icon", "ico"),
    ("font/woff", "woff"),
    ("font/woff2", "woff2"),
];

/// The CGI parameters FPM needs (nginx's `fastcgi_params`, inline: the app has no copy).
const FASTCGI_PARAMS: &[(&str, &str)] = &[
    ("QUERY_STRING", "$query_string"),
    ("REQUEST_METHOD", "$request_method"),
    ("CONTENT_TYPE", "$content_type"),
    ("CONTENT_LENGTH", "$content_length"),
    ("SCRIPT_NAME", "$fastcgi_script_name"),
    ("SCRIPT_FILENAME", "$document_root$fastcgi_script_name"),
    ("PATH_INFO", "$fastcgi_path_info"),
    ("REQUEST_URI", "$request_uri"),
    ("DOCUMENT_URI", "$document_uri"),
    ("DOCUMENT_ROOT", "$document_root"),
    ("SERVER_PROTOCOL", "$server_protocol"),
    ("REQUEST_SCHEME", "$scheme"),
    ("HTTPS", "$php_https"),
    ("GATEWAY_INTERFACE", "CGI/1.1"),
    ("SERVER_SOFTWARE", "nginx"),
    ("REMOTE_ADDR", "$remote_addr"),
    ("REMOTE_PORT", "$remote_port"),
    ("SERVER_ADDR", "$server_addr"),
    ("SERVER_PORT", "$server_port"),
    ("SERVER_NAME", "$server_name"),
    ("REDIRECT_STATUS", "200"),
    // httpoxy: a client's Proxy header must not become the app's HTTP_PROXY.
    ("HTTP_PROXY", "\"\""),
];

pub(crate) fn nginx_conf(options: &Options, app: &Path) -> String {
    let mut conf = String::from(
        "# Made by stowage/php-nginx for BP_PHP_SERVER=nginx; rendered at launch.\n\
         daemon off;\n\
         worker_processes auto;\n\
         error_log stderr;\n\
         pid {{tempDir}}/nginx.pid;\n\n\
         events {\n  worker_connections 1024;\n}\n\n\
         http {\n\
         \x20 client_body_temp_path {{tempDir}}/client_body_temp;\n\
         \x20 proxy_temp_path {{tempDir}}/proxy_temp;\n\
         \x20 fastcgi_temp_path {{tempDir}}/fastcgi_temp;\n\
         \x20 uwsgi_temp_path {{tempDir}}/uwsgi_temp;\n\
         \x20 scgi_temp_path {{tempDir}}/scgi_temp;\n\n\
         \x20 types {\n",
    );
    for (mime, extensions) in MIME_TYPES {
        let _ = writeln!(conf, "    {mime} {extensions};");
    }
    let ssl = if options.https { " ssl" } else { "" };
    let _ = write!(
        conf,
        "  }}\n  default_type application/octet-stream;\n\
         \x20 # nginx's standard error, already open: /dev/stdout may not be reopened.\n\
         \x20 access_log \"\";\n  server_tokens off;\n  sendfile on;\n  tcp_nopush on;\n\
         \x20 keepalive_timeout 30;\n  port_in_redirect off;\n  gzip on;\n\n\
         \x20 # A proxy in front tells the scheme; PHP sees HTTPS=on for https.\n\
         \x20 map $http_x_forwarded_proto $php_https {{\n    default $https;\n    https on;\n  }}\n\n\
         \x20 upstream php_fpm {{\n    server unix:{socket};\n  }}\n\n\
         \x20 server {{\n\
         \x20   listen {{{{port}}}} default_server{ssl};\n\
         \x20   server_name _;\n\
         \x20   root {root};\n\
         \x20   index index.php index.html index.htm;\n\n\
         \x20   set_real_ip_from 10.0.0.0/8;\n\
         \x20   real_ip_header X-Forwarded-For;\n\
         \x20   real_ip_recursive on;\n\n",
        socket = stowage_php::FPM_SOCKET,
        root = options.root.display(),
    );
    if options.https_redirect {
        conf.push_str(
            "    if ($http_x_forwarded_proto = \"http\") {\n\
             \x20     return 301 https://$host$request_uri;\n    }\n\n",
        );
    }
    conf.push_str(
        "    location ~ /\\.(?!well-known) {\n      return 404;\n    }\n\n\
         \x20   location ~ \\.php$ {\n\
         \x20     try_files $uri =404;\n\
         \x20     fastcgi_split_path_info ^(.+\\.php)(/.+)$;\n",
    );
    for (name, value) in FASTCGI_PARAMS {
        let _ = writeln!(conf, "      fastcgi_param {name} {value};");
    }
    let _ = write!(
        conf,
        "      fastcgi_index index.php;\n\
         \x20     fastcgi_pass php_fpm;\n    }}\n\n\
         \x20   include {app}/.nginx.conf.d/*-server.conf;\n  }}\n\n\
         \x20 include {app}/.nginx.conf.d/*-http.conf;\n}}\n",
        app = app.display()
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
        insta::assert_snapshot!(nginx_conf(&options, Path::new("/workspace")));
        assert!(
            stowage_php::WebServer::Nginx
                .fpm_conf()
                .contains("listen = /tmp/php-fpm.socket")
        );
    }

    #[test]
    fn https_and_no_redirect() {
        let env = env_of([
            (ENABLE_HTTPS, "true"),
            ("BP_PHP_ENABLE_HTTPS_REDIRECT", "false"),
        ]);
        let options =
            Options::read(&Config::new(&env), Path::new("/workspace"), "public").expect("options");
        let conf = nginx_conf(&options, Path::new("/workspace"));
        assert!(
            conf.contains("listen {{port}} default_server ssl;"),
            "{conf}"
        );
        assert!(conf.contains("root /workspace/public;"), "{conf}");
        assert!(!conf.contains("return 301"), "{conf}");
        let bad = env_of([(ENABLE_HTTPS, "maybe")]);
        let error = Options::read(&Config::new(&bad), Path::new("/workspace"), "htdocs")
            .expect_err("not a bool");
        assert!(error.render().contains(ENABLE_HTTPS), "{}", error.render());
    }
}
