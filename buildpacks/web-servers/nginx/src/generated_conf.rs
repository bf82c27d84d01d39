//! The nginx.conf made for `BP_WEB_SERVER=nginx` (Paketo's `default.conf`): a static site
//! served from the root, in the foreground, as an unprivileged user. It is itself a template,
//! so the port, `APP_ROOT` and the temporary folder are filled in at launch.

use crate::settings::Generated;
use std::fmt::Write;
use std::path::Path;

/// The MIME types of a static site (nginx's own map, abridged), inlined so the file stands
/// alone.
const MIME_TYPES: &[(&str, &str)] = &[
    ("text/html", "html htm shtml"),
    ("text/css", "css"),
    ("text/xml", "xml"),
    ("text/plain", "txt"),
    ("text/markdown", "md"),
    ("text/csv", "csv"),
    ("application/javascript", "js mjs"),
    ("application/json", "json map"),
    ("application/manifest+json", "webmanifest"),
    ("application/atom+xml", "atom"),
    ("application/rss+xml", "rss"),
    ("application/wasm", "wasm"),
    ("application/pdf", "pdf"),
    ("application/zip", "zip"),
    ("application/gzip", "gz"),
    ("application/octet-stream", "bin exe dll iso img"),
    ("image/gif", "gif"),
    ("image/jpeg", "jpeg jpg"),
    ("image/png", "png"),
    ("image/svg+xml", "svg svgz"),
    ("image/webp", "webp"),
    ("image/avif", "avif"),
    ("image/x-icon", "ico"),
    ("font/woff", "woff"),
    ("font/woff2", "woff2"),
    ("font/ttf", "ttf"),
    ("font/otf", "otf"),
    ("application/vnd.ms-fontobject", "eot"),
    ("audio/mpeg", "mp3"),
    ("audio/ogg", "ogg"),
    ("video/mp4", "mp4"),
    ("video/webm", "webm"),
];

const GZIP_TYPES: &str = "text/plain text/css text/xml text/markdown text/csv \
                          application/javascript application/json application/manifest+json \
                          application/atom+xml application/rss+xml application/wasm image/svg+xml";

/// The configuration text; `htpasswd` is the basic-auth user file, if a binding gives one.
pub(crate) fn generate(settings: &Generated, htpasswd: Option<&Path>) -> String {
    let mut conf = String::from(
        "# Made by stowage/nginx for BP_WEB_SERVER=nginx; rendered at launch.\n\
         daemon off;\n\
         worker_processes 1;\n\
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
    let _ = write!(
        conf,
        "  }}\n  default_type application/octet-stream;\n\n\
         \x20 # An empty path is nginx's standard error, already open: reopening /dev/stdout\n\
         \x20 # fails for an unprivileged user when the output belongs to root.\n\
         \x20 access_log \"\";\n  server_tokens off;\n  sendfile on;\n  tcp_nopush on;\n\
         \x20 keepalive_timeout 30;\n  port_in_redirect off;\n\n\
         \x20 gzip on;\n  gzip_static on;\n  gzip_comp_level 6;\n  gzip_min_length 256;\n\
         \x20 gzip_proxied any;\n  gzip_vary on;\n  gzip_types {GZIP_TYPES};\n\n"
    );
    if settings.force_https {
        conf.push_str(
            "  map $http_x_forwarded_host $redirect_host {\n    default $http_x_forwarded_host;\n    \"\" $host;\n  }\n\n",
        );
    }
    let _ = write!(
        conf,
        "  server {{\n    listen {{{{port}}}} default_server;\n    server_name _;\n    root {};\n",
        settings.root
    );
    if settings.force_https {
        conf.push_str(
            "\n    if ($http_x_forwarded_proto != \"https\") {\n      \
             return 301 https://$redirect_host$request_uri;\n    }\n",
        );
    }
    if let Some(file) = htpasswd {
        let _ = write!(
            conf,
            "\n    auth_basic \"Password Protected\";\n    auth_basic_user_file {};\n",
            file.display()
        );
    }
    let _ = write!(conf, "\n    location {} {{\n", settings.location_path);
    if settings.push_state {
        conf.push_str(
            "      if (!-e $request_filename) {\n        rewrite ^(.*)$ / break;\n      }\n",
        );
    }
    conf.push_str(
        "      index index.html index.htm Default.htm;\n    }\n\n\
         \x20   # Dotfiles are not served, except .well-known.\n\
         \x20   location ~ /\\.(?!well-known) {\n      return 404;\n    }\n",
    );
    if let Some(file) = &settings.include_file {
        let _ = write!(conf, "\n    include {};\n", file.display());
    }
    conf.push_str("  }\n");
    if let Some(port) = settings.stub_status_port {
        let _ = write!(
            conf,
            "\n  server {{\n    listen {port};\n    listen [::]:{port};\n    \
             location /stub_status {{\n      stub_status;\n    }}\n  }}\n"
        );
    }
    conf.push_str("}\n");
    conf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::render;
    use crate::template::tests::Fixed;
    use std::path::PathBuf;

    fn settings() -> Generated {
        Generated {
            root: "{{env \"APP_ROOT\"}}/public".to_string(),
            location_path: "/".to_string(),
            push_state: false,
            force_https: false,
            include_file: None,
            stub_status_port: None,
        }
    }

    #[test]
    fn the_plain_site() {
        let conf = generate(&settings(), None);
        insta::assert_snapshot!(conf);
        render(&conf, &Fixed).expect("a valid template");
    }

    #[test]
    fn every_option() {
        let all = Generated {
            root: "/srv/www".to_string(),
            location_path: "/app".to_string(),
            push_state: true,
            force_https: true,
            include_file: Some(PathBuf::from("/workspace/extra.conf")),
            stub_status_port: Some(8083),
        };
        let conf = generate(
            &all,
            Some(Path::new("/layers/stowage_nginx/auth/.htpasswd")),
        );
        for wanted in [
            "root /srv/www;",
            "location /app {",
            "rewrite ^(.*)$ / break;",
            "return 301 https://$redirect_host$request_uri;",
            "auth_basic_user_file /layers/stowage_nginx/auth/.htpasswd;",
            "include /workspace/extra.conf;",
            "listen 8083;",
            "stub_status;",
        ] {
            assert!(conf.contains(wanted), "{wanted} in:\n{conf}");
        }
        render(&conf, &Fixed).expect("a valid template");
        let plain = generate(&settings(), None);
        for absent in ["rewrite", "301", "auth_basic", "include", "stub_status"] {
            assert!(!plain.contains(absent), "{absent} in:\n{plain}");
        }
    }
}
