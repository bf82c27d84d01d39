//! The httpd buildpack through the real lifecycle, with Debian's httpd served by a loopback
//! mirror: a static site built by the web-servers meta-buildpack with a generated
//! configuration (push state, basic auth from an htpasswd binding, the SBOM), and an app's own
//! httpd.conf, which a mistake fails at build with httpd's own message.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::web_client::{CREDENTIALS, HTPASSWD, get, get_with_header};
use integration_tests::web_server_artifacts::{httpd_artifacts_dir, httpd_test_inventory};
use std::time::Duration;

#[test]
fn a_static_site_with_push_state_behind_basic_auth() {
    let mirror = Mirror::start(httpd_artifacts_dir());
    let inventory = httpd_test_inventory(&mirror.url());
    let entry = &inventory["dependencies"][0];
    let version = entry["version"].as_str().expect("version").to_string();
    let checksum = entry["checksum"].as_str().expect("checksum");
    let sha256 = checksum.trim_start_matches("sha256:").to_string();
    let mut app = App::new("httpd-static")
        .buildpacks(&["web-servers"])
        .inventory("httpd", inventory.clone())
        .env("BP_WEB_SERVER", "httpd")
        .env("BP_WEB_SERVER_ENABLE_PUSH_STATE", "true")
        .binding("site-users", "htpasswd", &[(".htpasswd", HTPASSWD)]);
    let build = app.build();
    build.assert_success();
    let detector = build.phase("detector");
    assert!(detector.contains("stowage/httpd"), "{detector}");
    assert!(!detector.contains("stowage/nginx"), "{detector}");
    let builder = build.phase("builder");
    for line in [
        "No version requested; using the newest",
        &format!("Selected httpd {version}"),
        "Basic authentication with the users of binding site-users",
        "Push state: unknown paths answer with the root's index.html",
        "httpd -t: Syntax OK",
        "web (default): httpd -d /layers/stowage_httpd/httpd -f /workspace/httpd.conf",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    assert!(image.exists("/layers/stowage_httpd/httpd/bin/httpd"));
    let sbom = image.read("/layers/sbom/launch/stowage_httpd/httpd/sbom.cdx.json");
    for wanted in ["httpd", version.as_str(), sha256.as_str()] {
        assert!(sbom.contains(wanted), "{wanted} in the SBOM:\n{sbom}");
    }

    let running = image.start(&[]);
    let index = fs_err::read_to_string(app.app_dir().join("public/index.html")).expect("index");
    assert_eq!(get(running.port, "/", None).0, 401, "no credentials");
    assert_eq!(
        get(running.port, "/", Some("Basic dXNlcjp3cm9uZw==")).0,
        401,
        "a wrong password"
    );
    assert_eq!(get(running.port, "/", Some(CREDENTIALS)).1, index);
    let (status, body) = get(running.port, "/any/route", Some(CREDENTIALS));
    assert_eq!((status, body), (200, index), "push state");
    let (status, script) = get(running.port, "/assets/app.js", Some(CREDENTIALS));
    assert_eq!((status, script.trim()), (200, "console.log(\"app\");"));
    // The access log passes through a piped `cat`: give it a moment.
    let wanted = "\"GET /assets/app.js HTTP/1.1\" 200";
    let mut log = running.log();
    for _ in 0..50 {
        if log.contains(wanted) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        log = running.log();
    }
    assert!(log.contains(wanted), "access log on stdout:\n{log}");
}

#[test]
fn an_apps_own_httpd_conf_answers_on_port_and_a_broken_one_fails_the_build() {
    let mirror = Mirror::start(httpd_artifacts_dir());
    let mut app = App::new("httpd-conf")
        .buildpacks(&["httpd"])
        .inventory("httpd", httpd_test_inventory(&mirror.url()))
        .env("BP_HTTPD_VERSION", "2.4.*");
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "Requested \"2.4.*\" (from BP_HTTPD_VERSION)",
        "httpd -t: Syntax OK",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let running = build.image().start(&[]);
    let (status, body, served_by) = get_with_header(running.port, "/", None, "X-Served-By");
    assert_eq!(
        (status, body.as_str(), served_by.as_deref()),
        (
            200,
            "hello from the app's own httpd.conf\n",
            Some("the app's httpd.conf")
        )
    );
    drop(running);

    app.write_file(
        "httpd.conf",
        "LoadModule mpm_event_module modules/mod_mpm_event.so\nLisen 8081\n",
    );
    let failed = app.build();
    failed.assert_failure();
    let log = failed.log();
    for wanted in [
        "[httpd/conf-invalid] httpd does not accept httpd.conf",
        "Invalid command 'Lisen'",
    ] {
        assert!(log.contains(wanted), "{wanted} in:\n{log}");
    }
}
