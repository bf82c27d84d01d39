//! The web-servers family through the real lifecycle, with Debian's nginx served by a
//! loopback mirror: a static site built by the web-servers meta-buildpack with a generated
//! configuration (push state, basic auth from an htpasswd binding), an app's own
//! nginx.conf whose templates are rendered at launch, and an npm front end built by Node.js
//! and served by nginx with no Node.js in the image.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use integration_tests::node_artifacts::{artifacts_dir, node_test_inventory};
use integration_tests::web_client::{CREDENTIALS, HTPASSWD, get};
use integration_tests::web_server_artifacts::{nginx_artifacts_dir, nginx_test_inventory};

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
        "nginx -t: the configuration is valid",
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
        "nginx -t: the configuration is valid",
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

    // A mistake only nginx knows fails the build too, with nginx's own words and line.
    app.write_file("conf.d/greeting.conf", "server {\n  lisen {{port}};\n}\n");
    let failed = app.build();
    failed.assert_failure();
    let log = failed.log();
    for line in [
        "[nginx/conf-invalid] nginx does not accept nginx.conf",
        "unknown directive \"lisen\" in /workspace/conf.d/greeting.conf:2",
    ] {
        assert!(log.contains(line), "{line} in:\n{log}");
    }
}

#[test]
fn an_npm_front_end_is_built_by_node_and_served_by_nginx_without_node() {
    let node = Mirror::start(artifacts_dir());
    let nginx = Mirror::start(nginx_artifacts_dir());
    let mut app = App::new("web-servers-node-frontend")
        .buildpacks(&["web-servers"])
        .inventory("node", node_test_inventory(&node.url()))
        .inventory("nginx", nginx_test_inventory(&nginx.url()))
        .env("BP_NODE_RUN_SCRIPTS", "build")
        .env("BP_WEB_SERVER", "nginx")
        .env("BP_WEB_SERVER_ROOT", "build")
        .env("BP_WEB_SERVER_ENABLE_PUSH_STATE", "true");
    let build = app.build();
    build.assert_success();
    let group = fs_err::read_to_string(build.layers_dir().join("group.toml")).expect("group");
    for id in [
        "stowage/node-engine",
        "stowage/npm-install",
        "stowage/node-run-script",
        "stowage/nginx",
    ] {
        assert!(group.contains(id), "{id} in:\n{group}");
    }
    let builder = build.phase("builder");
    assert!(
        builder.contains("mini-bundler: wrote build/ from 2 scripts"),
        "{builder}"
    );

    // Node.js and node_modules served the build only.
    let image = build.image();
    assert!(image.exists("/workspace/build/index.html"));
    let rootfs = image.rootfs();
    let files = walk(&rootfs);
    assert!(files.iter().any(|path| path.ends_with("/sbin/nginx")));
    let node_files: Vec<&String> = files
        .iter()
        .filter(|path| path.ends_with("/bin/node") || path.contains("/node_modules/"))
        .collect();
    assert!(
        node_files.is_empty(),
        "Node.js in the image: {node_files:?}"
    );

    let running = image.start(&[]);
    let (status, index) = get(running.port, "/", None);
    assert_eq!(status, 200, "{}", running.log());
    assert!(
        index.contains("bundled 2 scripts with Node.js v"),
        "{index}"
    );
    let (status, bundle) = get(running.port, "/static/bundle.js", None);
    assert_eq!(status, 200);
    assert!(bundle.contains("greet(\"front end\")"), "{bundle}");
    assert_eq!(
        get(running.port, "/settings/profile", None),
        (200, index),
        "push state"
    );
}

/// Every file and link under `root`, as a path inside the image (`/workspace/…`).
fn walk(root: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs_err::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            let inside = path.strip_prefix(root).expect("under root");
            found.push(format!("/{}", inside.display()));
            if path.is_dir() && !path.is_symlink() {
                pending.push(path);
            }
        }
    }
    found
}
