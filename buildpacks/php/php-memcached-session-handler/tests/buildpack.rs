//! Detect needs a `php-memcached-session` binding; build writes the ini snippet into a launch
//! layer added to `PHP_INI_SCAN_DIR`; two bindings of the type fail the build.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

const PLAN: &str = "[[entries]]\nname = \"php\"\n";

#[test]
fn a_memcached_binding_becomes_the_session_handler_at_launch() {
    let workspace = integration_tests::workspace!("php-memcached-session-handler");
    assert_eq!(
        workspace.detect().0.code,
        Some(100),
        "no binding, no detect"
    );
    workspace.binding(
        "sessions",
        "php-memcached-session",
        &[("servers", "m1:11211,m2:11211")],
    );
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(plan["requires"][0]["name"].as_str(), Some("php"));

    let output = workspace.build_ok(PLAN);
    assert!(
        output
            .stdout
            .contains("Wrote php-memcached.ini: session.save_handler = memcached"),
        "{}",
        output.stdout
    );
    let layer = workspace.buildpack_layers().join("php-session-ini");
    let ini = fs_err::read_to_string(layer.join("php-memcached.ini")).expect("ini");
    assert!(ini.contains("extension=memcached\n"), "{ini}");
    assert!(
        ini.contains("session.save_path = 'm1:11211,m2:11211'\n"),
        "{ini}"
    );
    assert!(layer.join("env.launch/PHP_INI_SCAN_DIR.append").is_file());

    workspace.binding("more", "php-memcached-session", &[("servers", "m3")]);
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    insta::assert_snapshot!(output.error_head());
}
