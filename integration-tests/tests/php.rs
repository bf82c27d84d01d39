//! The PHP family through the real lifecycle, with Debian's PHP served by a loopback mirror:
//! an app on PHP's built-in server with extensions from `.php.ini.d` and composer.json and its
//! sessions in Redis (a `php-redis-session` binding); an app with a Composer package from a
//! path repository and credentials from a `composer` binding, on the built-in server, rebuilt
//! with its packages reused, then behind PHP-FPM with nginx and with httpd (its `.php.fpm.d`
//! pool settings, the HTTPS redirect on and off, sessions in Memcached); a failing
//! `composer install`; and an app asking for an extension PHP does not ship.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::{App, test_env};
use integration_tests::mirror::Mirror;
use integration_tests::web_server_artifacts::{nginx_artifacts_dir, nginx_test_inventory};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

fn php_artifacts_dir() -> PathBuf {
    PathBuf::from(test_env("STOWAGE_TEST_PHP_ARTIFACTS"))
}

fn php_app(fixture: &str, mirror: &Mirror) -> App {
    let inventory =
        stowage_dev::inventory::php::php_inventory_in(&php_artifacts_dir(), &mirror.url())
            .unwrap_or_else(|error| panic!("{error}"));
    let composer =
        stowage_dev::inventory::php::composer_inventory_in(&php_artifacts_dir(), &mirror.url())
            .unwrap_or_else(|error| panic!("{error}"));
    App::new(fixture)
        .buildpacks(&["php"])
        .inventory("php", inventory)
        .inventory("composer", composer)
}

#[test]
fn a_php_app_on_the_built_in_server_with_the_extensions_it_asks_for() {
    let mirror = Mirror::start(php_artifacts_dir());
    // The Redis the sessions go to: a loopback port the test answers on (`redis_peer`).
    let redis = TcpListener::bind("127.0.0.1:0").expect("bind");
    let redis_port = redis.local_addr().expect("addr").port().to_string();
    let mut app = php_app("php-builtin-server", &mirror).binding(
        "sessions",
        "php-redis-session",
        &[
            ("host", "127.0.0.1"),
            ("port", &redis_port),
            ("password", "s3cret"),
        ],
    );
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "composer.json asks for \"8.2.*\"",
        "Wrote php-redis.ini: session.save_handler = redis",
        "Selected PHP 8.2.",
        "intl (composer.json): enabled",
        "json (composer.json): built into PHP",
        "mbstring: enabled by .php.ini.d/extensions.ini",
        "Wrote conf.d/composer-extensions.ini",
        "Selected Composer 2.5.5",
        "Composer version 2.5.5",
        "Running `composer install --no-progress --no-interaction --no-dev --no-ansi`",
        "web (default): exec php -S 0.0.0.0:\"${PORT:-8080}\" -t '/workspace/htdocs'",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    assert!(
        !image.exists("/layers/stowage_composer/composer"),
        "Composer is for the build only"
    );
    let sbom = image.read("/layers/sbom/launch/stowage_php-dist/php/sbom.cdx.json");
    let version = builder
        .split("Selected PHP ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("selected version");
    assert!(
        sbom.contains("\"php\"") && sbom.contains(version),
        "the SBOM names php {version}:\n{sbom}"
    );

    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert!(body.contains(&format!("PHP {version}\n")), "{body}");
    assert!(body.contains("mb_strlen: 11\n"), "{body}");
    assert!(body.contains("intl: 1.234.567,891\n"), "{body}");
    assert!(body.contains("json: {\"sum\":42}\n"), "{body}");

    // The session goes to the binding's Redis: PHP authenticates, reads the (new) session and
    // writes it back with the visit counted.
    let (said, (status, body)) = std::thread::scope(|scope| {
        let peer = scope.spawn(|| redis_peer(&redis));
        let answer = running.get("/session.php");
        (peer.join().expect("redis peer"), answer)
    });
    assert_eq!(status, 200, "{body}\n{}", running.log());
    for line in [
        "save_handler: redis\n".to_string(),
        format!("save_path: tcp://127.0.0.1:{redis_port}?auth=s3cret\n"),
        "redis: loaded\n".to_string(),
        "visits: 1\n".to_string(),
    ] {
        assert!(body.contains(&line), "{line} in:\n{body}");
    }
    for command in ["AUTH", "s3cret", "GET", "PHPREDIS_SESSION:", "visits|i:1;"] {
        assert!(said.contains(command), "{command} sent to Redis:\n{said}");
    }
    drop(running);

    // Nothing changed: PHP is not downloaded again.
    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    assert!(
        builder.contains(&format!("Reusing the cached layer: php {version}")),
        "{builder}"
    );
    assert!(
        builder.contains("Reusing the cached layer: composer 2.5.5"),
        "{builder}"
    );
}

#[test]
fn an_extension_php_does_not_ship_fails_the_build_with_its_name() {
    let mirror = Mirror::start(php_artifacts_dir());
    let mut app = php_app("php-missing-extension", &mirror);
    let build = app.build();
    build.assert_failure();
    let builder = build.phase("builder");
    assert!(
        builder.contains(
            "[php-dist/missing-extension] composer.json asks for the PHP extension `mongodb`"
        ),
        "{builder}"
    );
    assert!(
        builder.contains("Remove `ext-mongodb` from composer.json"),
        "{builder}"
    );
}

#[test]
fn a_composer_app_on_the_built_in_server_then_behind_nginx_and_httpd_with_fpm() {
    let mirror = Mirror::start(php_artifacts_dir());
    let mut app = php_app("php-composer", &mirror)
        .binding(
            "private-packages",
            "composer",
            &[(
                "auth.json",
                r#"{"http-basic": {"repo.example.test": {"username": "u", "password": "p"}}}"#,
            )],
        )
        .binding(
            "sessions",
            "php-memcached-session",
            &[("servers", "cache.internal:11211")],
        );
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    for line in [
        "Credentials: auth.json of binding private-packages",
        "Composer has credentials for: repo.example.test",
        "Wrote php-memcached.ini: session.save_handler = memcached",
        "intl (composer.json): enabled",
        "Running `composer check-platform-reqs --no-ansi`",
        "Every platform requirement is met",
        "Installing acme/greeting (1.2.0)",
        "1 package in vendor",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
    let image = build.image();
    assert!(image.exists("/workspace/vendor/autoload.php"));
    assert!(
        !image.exists("/layers/stowage_composer-install/composer-cache"),
        "Composer's cache is not in the image"
    );
    let sbom = image.read("/layers/sbom/launch/stowage_composer-install/sbom.cdx.json");
    assert!(
        sbom.contains("pkg:composer/acme/greeting@1.2.0"),
        "the SBOM lists the installed package:\n{sbom}"
    );
    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert!(body.contains("Hello, PHP, from acme/greeting\n"), "{body}");
    assert!(body.contains("intl: 1.234,5\n"), "{body}");
    assert!(body.contains("server: cli-server\n"), "{body}");
    assert!(body.contains("memory_limit: 128M\n"), "{body}");
    assert!(
        body.contains("session: memcached cache.internal:11211\nmemcached: loaded\n"),
        "{body}"
    );
    drop(running);

    // Unchanged composer files: the installed packages are reused, and the log says why.
    let rebuild = app.build();
    rebuild.assert_success();
    let builder = rebuild.phase("builder");
    assert!(
        builder.contains(
            "Reusing the cached layer: composer.json, composer.lock, Composer 2.5.5, PHP 8.2."
        ),
        "{builder}"
    );
    assert!(!builder.contains("Installing acme/greeting"), "{builder}");
    let running = rebuild.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}\n{}", running.log());
    assert!(body.contains("Hello, PHP, from acme/greeting\n"), "{body}");
    drop(running);

    // The same app behind PHP-FPM, with nginx and then with httpd (the packages reused).
    behind_fpm(app);
}

/// The Composer app behind PHP-FPM with nginx (HTTPS redirect on) and with httpd (off): its
/// packages reused, its `.php.fpm.d` pool settings and the memcached sessions in effect.
fn behind_fpm(app: App) {
    let nginx = Mirror::start(nginx_artifacts_dir());
    let httpd = Mirror::start(PathBuf::from(test_env("STOWAGE_TEST_HTTPD_ARTIFACTS")));
    let httpd_inventory = stowage_dev::inventory::httpd::httpd_inventory_in(
        &PathBuf::from(test_env("STOWAGE_TEST_HTTPD_ARTIFACTS")),
        &httpd.url(),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let mut app = app
        .inventory("nginx", nginx_test_inventory(&nginx.url()))
        .inventory("httpd", httpd_inventory);
    // nginx with the HTTPS redirect (the default), httpd without.
    for (server, started, redirect) in [
        (
            "nginx",
            "nginx -p /workspace -c /workspace/nginx.conf -e stderr",
            true,
        ),
        (
            "httpd",
            "httpd -f /workspace/httpd.conf -k start -DFOREGROUND",
            false,
        ),
    ] {
        app.set_env("BP_PHP_SERVER", server);
        app.set_env("BP_PHP_ENABLE_HTTPS_REDIRECT", &redirect.to_string());
        let build = app.build();
        build.assert_success();
        let builder = build.phase("builder");
        for line in [
            format!("Wrote {server}.conf"),
            "Reusing the cached layer: composer.json, composer.lock".to_string(),
            format!("{server}: {started}"),
            "php-fpm: php-fpm --nodaemonize --force-stderr -y".to_string(),
        ] {
            assert!(builder.contains(&line), "{line} in:\n{builder}");
        }
        let running = build.image().start(&[]);
        let (status, body) = running.get("/");
        assert_eq!(status, 200, "{server}: {body}\n{}", running.log());
        assert!(body.contains("Hello, PHP, from acme/greeting\n"), "{body}");
        assert!(body.contains("server: fpm-fcgi\n"), "{body}");
        assert!(
            body.contains("memory_limit: 77M\n"),
            "the app's pool: {body}"
        );
        assert!(
            body.contains("session: memcached cache.internal:11211\n"),
            "{body}"
        );
        let (status, _) = running.get("/missing.php");
        assert_eq!(status, 404, "{server}: {}", running.log());
        let answer = behind_plain_http_proxy(running.port);
        if redirect {
            assert!(
                answer.starts_with("HTTP/1.1 301")
                    && answer.contains("Location: https://app.example.test/index.php?x=1"),
                "{server}: {answer}"
            );
        } else {
            assert!(answer.starts_with("HTTP/1.1 200"), "{server}: {answer}");
        }
    }
}

#[test]
fn a_failing_composer_install_fails_the_build_with_composers_output() {
    let mirror = Mirror::start(php_artifacts_dir());
    let mut app = php_app("php-composer-failure", &mirror);
    let build = app.build();
    build.assert_failure();
    let builder = build.phase("builder");
    for line in [
        "[composer-install/install-failed] `composer install --no-progress --no-interaction --no-dev` failed",
        "Root composer.json requires acme/nowhere, it could not be found in any version",
    ] {
        assert!(builder.contains(line), "{line} in:\n{builder}");
    }
}

/// `GET /index.php?x=1` as a TLS-terminating proxy forwards a plain-HTTP request: the status
/// line and headers of the answer.
fn behind_plain_http_proxy(port: u16) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
        .write_all(
            b"GET /index.php?x=1 HTTP/1.1\r\nHost: app.example.test\r\n\
              X-Forwarded-Proto: http\r\nConnection: close\r\n\r\n",
        )
        .expect("request");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The Redis end of one PHP session: accepts one connection, answers each command as Redis
/// would for a new session (`GET` finds nothing, the rest succeed) and returns what PHP sent.
fn redis_peer(listener: &TcpListener) -> String {
    listener.set_nonblocking(false).expect("blocking");
    let (mut stream, _) = listener.accept().expect("PHP connects to Redis");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut said = String::new();
    let mut buffer = [0_u8; 4096];
    // PHP waits for each reply before the next command, so a read is one command.
    while let Ok(read @ 1..) = stream.read(&mut buffer) {
        let command = String::from_utf8_lossy(&buffer[..read]).into_owned();
        let reply: &[u8] = if command.contains("\r\nGET\r\n") {
            b"$-1\r\n"
        } else {
            b"+OK\r\n"
        };
        said.push_str(&command);
        if stream.write_all(reply).is_err() {
            break;
        }
    }
    said
}
