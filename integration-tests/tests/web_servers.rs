//! The web-servers family through the real lifecycle, with Debian's nginx served by a
//! loopback mirror: a static site built by the web-servers meta-buildpack with a generated
//! configuration (push state, basic auth from an htpasswd binding), and an app's own
//! nginx.conf whose templates are rendered at launch.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::web_server_artifacts::{nginx_artifacts_dir, nginx_test_inventory};
use std::io::Read;
use std::time::Duration;

/// `user:open sesame`, hashed by `openssl passwd -apr1`.
const HTPASSWD: &str = "user:$apr1$stowage2$D06O4hH1MK7RsXSZDu/y..\n";
/// `Basic base64("user:open sesame")`.
const CREDENTIALS: &str = "Basic dXNlcjpvcGVuIHNlc2FtZQ==";

/// `GET` with an optional `Authorization` header: status and body.
fn get(port: u16, path: &str, authorization: Option<&str>) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.get(format!("http://127.0.0.1:{port}{path}"));
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    let mut response = request.call().expect("request");
    let mut body = String::new();
    response
        .body_mut()
        .as_reader()
        .read_to_string(&mut body)
        .expect("body");
    (response.status().as_u16(), body)
}

#[test]
fn a_static_site_with_push_state_behind_basic_auth() {
    let mirror = Mirror::start(nginx_artifacts_dir());
    let mut app = App::new("web-servers-static")
        .buildpacks(&["web-servers"])
        .inventory("nginx", nginx_test_inventory(&mirror.url()))
        .env("BP_WEB_SERVER", "nginx")
        .env("BP_WEB_SERVER_ENABLE_PUSH_STATE", "true")
        .binding("site-users", "htpasswd", &[(".htpasswd", HTPASSWD)]);
    let build = app.build();
    build.assert_success();
    let detector = build.phase("detector");
    assert!(detector.contains("stowage/nginx"), "{detector}");
    assert!(!detector.contains("stowage/node-engine"), "{detector}");
    let builder = build.phase("builder");
    for line in [
        "No version requested; using the default",
        "(from the buildpack's default)",
        "Basic authentication with the users of binding site-users",
        "Push state: unknown paths answer with the root's index.html",
        "nginx.conf: rendered at launch",
        "web (default): nginx -p /workspace -c /workspace/nginx.conf -e stderr",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    assert!(image.exists("/layers/stowage_nginx/nginx/sbin/nginx"));
    assert!(
        image
            .read("/layers/sbom/launch/stowage_nginx/nginx/sbom.cdx.json")
            .contains("nginx"),
        "an SBOM for the nginx layer"
    );

    let running = image.start(&[]);
    let index = fs_err::read_to_string(app.app_dir().join("public/index.html")).expect("index");
    assert_eq!(get(running.port, "/", None).0, 401);
    assert_eq!(
        get(running.port, "/", Some(CREDENTIALS)),
        (200, index.clone())
    );
    assert_eq!(
        get(running.port, "/some/client/route", Some(CREDENTIALS)),
        (200, index),
        "push state"
    );
    let (status, script) = get(running.port, "/assets/app.js", Some(CREDENTIALS));
    assert_eq!((status, script.trim()), (200, "console.log(\"app\");"));
    assert_eq!(get(running.port, "/.env", Some(CREDENTIALS)).0, 404);
    assert_eq!(
        get(running.port, "/", Some("Basic dXNlcjp3cm9uZw==")).0,
        401,
        "a wrong password"
    );
    let log = running.log();
    assert!(
        log.contains("\"GET /assets/app.js HTTP/1.1\" 200"),
        "access log on stdout:\n{log}"
    );
}

#[test]
fn an_apps_own_nginx_conf_is_rendered_at_launch() {
    let mirror = Mirror::start(nginx_artifacts_dir());
    let mut app = App::new("web-servers-nginx-conf")
        .buildpacks(&["nginx"])
        .inventory("nginx", nginx_test_inventory(&mirror.url()))
        .env("BP_NGINX_VERSION", "mainline");
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "BP_NGINX_VERSION -> \"mainline\"",
        "(from BP_NGINX_VERSION)",
        "conf.d/greeting.conf: rendered at launch",
        "-g \"daemon off; pid /tmp/nginx.pid;\"",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let running = build.image().start(&[("GREETING", "hello from the env")]);
    assert_eq!(
        get(running.port, "/", None),
        (200, "greeting: hello from the env\n".to_string())
    );
    drop(running);

    // A mistake in an included template fails the next build, naming the file and line.
    app.write_file(
        "conf.d/greeting.conf",
        "server {\n  listen {{ prot }};\n}\n",
    );
    let failed = app.build();
    failed.assert_failure();
    let log = failed.log();
    assert!(
        log.contains("[nginx/template] conf.d/greeting.conf, line 2:"),
        "{log}"
    );
}
