//! The jvm buildpack through the real lifecycle, with a prebuilt jar and a Procfile: the image
//! runs the app on the JRE (no JDK), the memory calculator sizes the JVM at launch and says
//! how, a ca-certificates binding given at launch makes Java trust its CA, and memory the JVM
//! cannot fit in stops the start with the reason.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::jvm_artifacts::{jvm_artifacts_dir, jvm_test_inventory};
use integration_tests::lifecycle::App;
use integration_tests::mirror::Mirror;
use std::panic::{AssertUnwindSafe, catch_unwind};

#[test]
fn a_jar_runs_on_the_jre_sized_by_the_memory_calculator() {
    let mirror = Mirror::start(jvm_artifacts_dir());
    let mut app = App::new("java-jar-procfile")
        .buildpacks(&["jvm", "procfile"])
        .inventory("jvm", jvm_test_inventory(&mirror.url()));
    let build = app.build();
    build.assert_success();
    let builder = build.phase("builder");
    assert!(
        builder.contains("Java `17` requested by system.properties java.runtime.version"),
        "{builder}"
    );
    assert!(builder.contains("(BPI_JVM_CLASS_COUNT)"), "{builder}");

    let image = build.image();
    assert!(
        image.exists("/layers/stowage_jvm/jre/bin/java"),
        "a JRE layer"
    );
    assert!(
        !image.exists("/layers/stowage_jvm/jdk"),
        "no JDK in the image"
    );
    let (code, env) = image.exec(&[
        "sh",
        "-c",
        "echo \"$JAVA_HOME $MALLOC_ARENA_MAX $BPI_APPLICATION_PATH $BPI_JVM_CLASS_COUNT\"",
    ]);
    assert_eq!(code, Some(0), "{env}");
    let values: Vec<&str> = env.lines().last().unwrap_or_default().split(' ').collect();
    assert_eq!(
        values[..3],
        ["/layers/stowage_jvm/jre", "2", "/workspace"],
        "{env}"
    );
    let classes: u64 = values[3].parse().expect("a class count");
    assert!(
        classes > 10_000,
        "the JRE's jimage holds its classes: {classes}"
    );

    let running = image.start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert!(
        answer["java"]
            .as_str()
            .is_some_and(|v| v.starts_with("17.")),
        "{answer}"
    );
    let options = answer["javaToolOptions"].as_str().expect("options");
    for flag in [
        "-XX:+ExitOnOutOfMemoryError",
        "-Xmx",
        "-XX:MaxMetaspaceSize=",
        "-XX:ReservedCodeCacheSize=240M",
        "-Xss1M",
    ] {
        assert!(options.contains(flag), "{flag} in {options}");
    }
    let log = running.log();
    let arithmetic = log
        .lines()
        .find(|line| line.starts_with("Memory: "))
        .unwrap_or_else(|| panic!("the calculator's line in the launch log:\n{log}"));
    assert!(
        arithmetic.contains(" total (") && arithmetic.contains("= heap "),
        "{arithmetic}"
    );
    drop(running);

    // A service behind a private CA: trusted once a ca-certificates binding names the CA, at
    // launch, without a rebuild.
    let service_root = tempfile::tempdir().expect("temp dir");
    fs_err::write(service_root.path().join("hello.txt"), "hello").expect("write");
    let service = Mirror::start_tls(service_root.path());
    let fetch = format!("/fetch?url={}/hello.txt", service.url());
    let running = image.start(&[]);
    let (_, untrusted) = running.get(&fetch);
    assert!(untrusted.contains("SSLHandshakeException"), "{untrusted}");
    drop(running);
    let binding = image.rootfs().join("bindings/service-ca");
    fs_err::create_dir_all(&binding).expect("mkdir");
    fs_err::write(binding.join("type"), "ca-certificates").expect("write");
    fs_err::write(binding.join("ca.pem"), service.ca_pem().expect("a CA")).expect("write");
    let running = image.start(&[("SERVICE_BINDING_ROOT", "/bindings")]);
    let (_, trusted) = running.get(&fetch);
    assert_eq!(trusted, "ok hello");
    let log = running.log();
    assert!(
        log.contains("Trust store: ") && log.contains("binding service-ca (1)"),
        "{log}"
    );
    drop(running);

    // Ten million 1M thread stacks fit in no container: the start fails and says why.
    let failed = catch_unwind(AssertUnwindSafe(|| {
        image.start(&[("BPL_JVM_THREAD_COUNT", "10000000")])
    }));
    let message = match failed {
        Ok(_) => panic!("the app started although its threads cannot fit in memory"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default(),
    };
    assert!(message.contains("[jvm/memory-too-small]"), "{message}");
    assert!(
        message.contains("lower BPL_JVM_THREAD_COUNT (now 10000000)"),
        "{message}"
    );
}
