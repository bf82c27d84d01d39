//! Build as the lifecycle runs it: launch.toml processes from the Procfile and bindings, the
//! default process, and every error a user can meet.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod support;

use support::{bash, processes, workspace};

#[test]
fn each_line_becomes_a_bash_process_and_web_is_the_default() {
    let workspace = workspace();
    workspace.app_file(
        "Procfile",
        "# processes\nweb: node server.js --port ${PORT:-8080}\n\nworker: node worker.js && echo done\n",
    );
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    assert_eq!(
        processes(&workspace),
        [
            (
                "web".to_string(),
                bash("node server.js --port ${PORT:-8080}"),
                true
            ),
            (
                "worker".to_string(),
                bash("node worker.js && echo done"),
                false
            ),
        ]
    );
}

#[test]
fn a_binding_replaces_the_files_process_of_the_same_type() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: node server.js\nworker: node worker.js\n");
    workspace.binding(
        "procs",
        "Procfile",
        &[(
            "Procfile",
            "web: node --inspect server.js\nclock: node clock.js\n",
        )],
    );
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    assert_eq!(
        processes(&workspace),
        [
            ("web".to_string(), bash("node --inspect server.js"), true),
            ("worker".to_string(), bash("node worker.js"), false),
            ("clock".to_string(), bash("node clock.js"), false),
        ]
    );
}

#[test]
fn bp_procfile_default_process_chooses_the_default() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: ./web\nworker: ./worker\n");
    workspace.platform_env("BP_PROCFILE_DEFAULT_PROCESS", "worker");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    let defaults: Vec<_> = processes(&workspace)
        .into_iter()
        .filter(|(_, _, default)| *default)
        .map(|(process_type, _, _)| process_type)
        .collect();
    assert_eq!(defaults, ["worker"]);
}

#[test]
fn a_lone_process_is_the_default_whatever_its_type() {
    let workspace = workspace();
    workspace.app_file("Procfile", "worker: node server.js\n");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains("worker (default): node server.js"),
        "{}",
        output.log()
    );
    assert_eq!(
        processes(&workspace),
        [("worker".to_string(), bash("node server.js"), true)]
    );
}

#[test]
fn without_web_several_processes_have_no_default() {
    let workspace = workspace();
    workspace.app_file("Procfile", "worker: ./worker\nclock: ./clock\n");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(
        output.stdout.contains("No default process"),
        "{}",
        output.log()
    );
    assert!(processes(&workspace).iter().all(|(_, _, default)| !default));
}

#[test]
fn a_default_the_procfile_lacks_fails_the_build() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: ./web\n");
    workspace.platform_env("BP_PROCFILE_DEFAULT_PROCESS", "api");
    let output = workspace.build("");
    assert_ne!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
}

#[test]
fn a_malformed_line_warns_with_its_line_number_and_is_skipped() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: ./web\n\nnode worker.js\n");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    assert_eq!(
        processes(&workspace),
        [("web".to_string(), bash("./web"), true)]
    );
}

#[test]
fn a_malformed_binding_line_warns_naming_the_binding() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: ./web\n");
    workspace.binding(
        "procs",
        "Procfile",
        &[("Procfile", "bad process: ./x\nworker: ./w\n")],
    );
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    assert_eq!(
        processes(&workspace),
        [
            ("web".to_string(), bash("./web"), true),
            ("worker".to_string(), bash("./w"), false),
        ]
    );
}

#[test]
fn a_procfile_binding_needs_a_procfile_key() {
    let workspace = workspace();
    workspace.binding("procs", "Procfile", &[("processes", "web: ./x\n")]);
    let output = workspace.build("");
    assert_ne!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.stderr);
}

#[test]
fn an_empty_procfile_warns_and_adds_nothing() {
    let workspace = workspace();
    workspace.app_file("Procfile", "# later\n");
    let output = workspace.build("");
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
    let launch = workspace.buildpack_layers().join("launch.toml");
    assert!(!launch.exists() || support::launch_toml(&workspace).get("processes").is_none());
}

#[test]
fn a_web_process_replacing_an_earlier_start_buildpacks_says_so() {
    let workspace = workspace();
    workspace.app_file("Procfile", "web: node server.js\n");
    let plan = "[[entries]]\nname = \"web-process\"\n[entries.metadata]\nbuildpack = \"stowage/npm-start\"\n\
                [[entries]]\nname = \"web-process\"\n[entries.metadata]\nbuildpack = \"stowage/procfile\"\n";
    let output = workspace.build(plan);
    assert_eq!(output.code, Some(0), "{}", output.log());
    insta::assert_snapshot!(output.log());
}
