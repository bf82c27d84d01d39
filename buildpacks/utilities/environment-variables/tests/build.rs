//! Build as the lifecycle runs it: the launch layer's env files, what they make of the launch
//! environment, the log (secrets hidden) and the errors.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use libcnb::Env;
use libcnb::layer_env::{LayerEnv, Scope};
use support::workspace;

const VARIABLES: [(&str, &str); 11] = [
    ("BPE_GREETING", "hello world"),
    ("BPE_DEFAULT_LOG_LEVEL", "info"),
    ("BPE_OVERRIDE_APPEND_ONLY", "yes"),
    ("BPE_PREPEND_PATH", "/app/bin"),
    ("BPE_DELIM_PATH", ":"),
    ("BPE_APPEND_JAVA_OPTS", "-Xmx1g"),
    ("BPE_DELIM_JAVA_OPTS", " "),
    ("BPE_DB_PASSWORD", "hunter2"),
    ("BPE_PREPEND_NODE_OPTIONS", "--enable-source-maps "),
    ("BPE_DATABASE_URL", "postgres://app:s3cr3t@db/app"),
    ("BP_NODE_VERSION", "22"),
];

#[test]
fn writes_launch_env_files_and_logs_each_variable_by_name_only() {
    let workspace = workspace();
    for (name, value) in VARIABLES {
        workspace.platform_env(name, value);
    }
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    for value in ["hunter2", "s3cr3t", "hello world", "Xmx1g", "/app/bin"] {
        assert!(!output.log().contains(value), "{value}: {}", output.log());
    }

    let layers = workspace.buildpack_layers();
    let layer_toml: toml::Table = fs_err::read_to_string(layers.join("environment-variables.toml"))
        .expect("layer toml")
        .parse()
        .expect("toml");
    assert_eq!(layer_toml["types"]["launch"].as_bool(), Some(true));
    assert_ne!(
        layer_toml["types"]
            .get("build")
            .and_then(toml::Value::as_bool),
        Some(true)
    );

    let layer = layers.join("environment-variables");
    let env_dir = layer.join("env.launch");
    assert_eq!(
        fs_err::read_to_string(env_dir.join("GREETING.override")).expect("read"),
        "hello world"
    );
    assert_eq!(
        fs_err::read_to_string(env_dir.join("PATH.delim")).expect("read"),
        ":"
    );

    // What the launcher makes of them, on top of a run image's environment.
    let mut base = Env::new();
    base.insert("PATH", "/usr/bin:/bin");
    base.insert("JAVA_OPTS", "-Dx=1");
    base.insert("LOG_LEVEL", "debug");
    let launch = LayerEnv::read_from_layer_dir(&layer)
        .expect("read layer env")
        .apply(Scope::Launch, &base);
    let get = |name: &str| launch.get_string_lossy(name);
    assert_eq!(get("GREETING").as_deref(), Some("hello world"));
    assert_eq!(
        get("LOG_LEVEL").as_deref(),
        Some("debug"),
        "a default keeps a set value"
    );
    assert_eq!(get("APPEND_ONLY").as_deref(), Some("yes"));
    assert_eq!(get("PATH").as_deref(), Some("/app/bin:/usr/bin:/bin"));
    assert_eq!(get("JAVA_OPTS").as_deref(), Some("-Dx=1 -Xmx1g"));
    assert_eq!(get("DB_PASSWORD").as_deref(), Some("hunter2"));
    assert_eq!(
        get("NODE_OPTIONS").as_deref(),
        Some("--enable-source-maps ")
    );
    let build = LayerEnv::read_from_layer_dir(&layer)
        .expect("read layer env")
        .apply(Scope::Build, &Env::new());
    assert_eq!(build.get("GREETING"), None, "launch only");
}

#[test]
fn debug_logging_shows_values_but_masks_secrets() {
    let workspace = workspace();
    for (name, value) in VARIABLES {
        workspace.platform_env(name, value);
    }
    workspace.platform_env("BP_LOG_LEVEL", "DEBUG");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    assert!(output.log().contains(r#"BPE_GREETING = "hello world""#));
    assert!(!output.log().contains("hunter2"), "{}", output.log());
    assert!(!output.log().contains("s3cr3t"), "{}", output.log());
}

#[test]
fn conflicting_variables_fail_the_build() {
    let workspace = workspace();
    workspace.platform_env("BPE_DEFAULT_FOO", "a");
    workspace.platform_env("BPE_APPEND_FOO", "b");
    let output = workspace.build("");
    assert_ne!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
}

#[test]
fn a_variable_without_a_name_fails_the_build() {
    let workspace = workspace();
    workspace.platform_env("BPE_DELIM_", ":");
    let output = workspace.build("");
    assert_ne!(output.code, Some(0), "{}", output.log());
    assert!(
        output
            .stderr
            .contains("[environment-variables/invalid-name]"),
        "{}",
        output.log()
    );
}

#[test]
fn an_unused_delimiter_warns() {
    let workspace = workspace();
    workspace.platform_env("BPE_DELIM_PATH", ":");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
}
