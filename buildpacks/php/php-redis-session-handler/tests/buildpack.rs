//! Detect needs a `php-redis-session` binding; build writes the ini snippet into a launch layer
//! added to `PHP_INI_SCAN_DIR`; a binding without its host fails and leaves no layer.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

const PLAN: &str = "[[entries]]\nname = \"php\"\n";

#[test]
fn a_redis_binding_becomes_the_session_handler_at_launch() {
    let workspace = integration_tests::workspace!("php-redis-session-handler");
    assert_eq!(
        workspace.detect().0.code,
        Some(100),
        "no binding, no detect"
    );
    workspace.binding("other", "php-memcached-session", &[("servers", "m:11211")]);
    assert_eq!(
        workspace.detect().0.code,
        Some(100),
        "another store's binding"
    );
    workspace.binding(
        "sessions",
        "php-redis-session",
        &[("host", "redis.internal"), ("password", "secret")],
    );
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(plan["requires"][0]["name"].as_str(), Some("php"));
    assert_eq!(
        plan["requires"][0]["metadata"]["launch"].as_bool(),
        Some(true)
    );

    let output = workspace.build_ok(PLAN);
    assert!(
        output
            .stdout
            .contains("Wrote php-redis.ini: session.save_handler = redis"),
        "{}",
        output.stdout
    );
    assert!(
        !output.stdout.contains("secret"),
        "the password stays out of the log"
    );
    let layer = workspace.buildpack_layers().join("php-session-ini");
    let ini = fs_err::read_to_string(layer.join("php-redis.ini")).expect("ini");
    assert!(
        ini.contains("session.save_path = 'tcp://redis.internal:6379?auth=secret'\n"),
        "{ini}"
    );
    assert_eq!(
        fs_err::read_to_string(layer.join("env.launch/PHP_INI_SCAN_DIR.append")).expect("env"),
        layer.display().to_string()
    );
    let toml: toml::Table =
        fs_err::read_to_string(workspace.buildpack_layers().join("php-session-ini.toml"))
            .expect("layer toml")
            .parse()
            .expect("toml");
    assert_eq!(toml["types"]["launch"].as_bool(), Some(true));
    assert_eq!(
        toml["types"].get("build").and_then(toml::Value::as_bool),
        Some(false)
    );
}

#[test]
fn a_binding_without_a_host_fails_and_writes_nothing() {
    let workspace = integration_tests::workspace!("php-redis-session-handler");
    workspace.binding("sessions", "php-redis-session", &[("port", "6379")]);
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(
        !workspace
            .buildpack_layers()
            .join("php-session-ini")
            .exists()
    );
    let head = output.error_head();
    let head: Vec<&str> = head
        .lines()
        .filter(|line| !line.contains("Involved"))
        .collect();
    insta::assert_snapshot!(head.join("\n"));
}
