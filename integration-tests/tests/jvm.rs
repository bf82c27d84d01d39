//! The jvm buildpack through the real lifecycle, with a prebuilt jar and a Procfile: the image
//! runs the app on the JRE (no JDK), the memory calculator sizes the JVM at launch and says
//! how (from the container's memory limit, when it has one), a ca-certificates binding given
//! at launch makes Java trust its CA, and a limit the JVM cannot fit in stops the start with
//! the reason.

// Each test binary is linked against all of the package's dependencies,
// most of which only the library or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::jvm_artifacts::{jvm_artifacts_dir, jvm_test_inventory};
use integration_tests::lifecycle::{App, Image};
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
    let arithmetic = memory_line(&log);
    assert!(
        arithmetic.contains(" total (") && arithmetic.contains("= heap "),
        "{arithmetic}"
    );
    drop(running);

    trusts_a_ca_binding_given_at_launch(image);
    sizes_the_jvm_to_the_container_limit(image);
}

#[test]
fn a_plain_executable_jar_builds_with_the_java_meta_buildpack() {
    let mirror = Mirror::start(jvm_artifacts_dir());
    let mut app = App::new("java-jar-procfile")
        .buildpacks(&["java"])
        .inventory("jvm", jvm_test_inventory(&mirror.url()));
    // Only the jar: no Procfile, no Java version.
    for file in ["Procfile", "system.properties", "README.md", "src"] {
        let path = app.app_dir().join(file);
        if path.is_dir() {
            fs_err::remove_dir_all(path).expect("remove");
        } else {
            fs_err::remove_file(path).expect("remove");
        }
    }
    let build = app.build();
    build.assert_success();
    let detector = build.phase("detector");
    for member in ["stowage/jvm", "stowage/executable-jar"] {
        assert!(detector.contains(member), "{member} in:\n{detector}");
    }
    for absent in ["stowage/maven", "stowage/procfile"] {
        assert!(!detector.contains(absent), "{absent} in:\n{detector}");
    }
    let builder = build.phase("builder");
    // Spring Boot's buildpack takes part in every Java group, as Paketo's does, and says why it
    // adds nothing to a plain jar.
    assert!(
        builder.contains("No Spring-Boot-Version in") && builder.contains("not a Spring Boot app"),
        "{builder}"
    );
    assert!(
        builder.contains("No version requested; using the default"),
        "{builder}"
    );
    assert!(
        builder.contains("web (default): java -jar app.jar"),
        "{builder}"
    );
    let running = build.image().start(&[]);
    let (status, body) = running.get("/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"java\":\""), "{body}");
}

/// The memory calculator's one line in a launch log.
fn memory_line(log: &str) -> &str {
    log.lines()
        .find(|line| line.starts_with("Memory: "))
        .unwrap_or_else(|| panic!("the calculator's line in the launch log:\n{log}"))
}

/// A service behind a private CA: trusted once a ca-certificates binding names the CA, at
/// launch, without a rebuild.
fn trusts_a_ca_binding_given_at_launch(image: &Image) {
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
}

fn sizes_the_jvm_to_the_container_limit(image: &Image) {
    // In a 1G container the calculator sizes the heap from the cgroup's limit.
    let running = image.start_with_memory("1G", &[]);
    let log = running.log();
    let arithmetic = memory_line(&log);
    assert!(
        arithmetic.starts_with("Memory: 1G total (cgroup v1 memory.limit_in_bytes) = heap ")
            || arithmetic.starts_with("Memory: 1G total (cgroup v2 memory.max) = heap "),
        "{arithmetic}"
    );
    let heap = arithmetic
        .split("= heap ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("the heap size");
    let (_, body) = running.get("/");
    assert!(body.contains(&format!("-Xmx{heap}")), "{body}");
    drop(running);

    // 256M cannot hold 250 thread stacks and the code cache: the start fails and says why.
    let failed = catch_unwind(AssertUnwindSafe(|| image.start_with_memory("256M", &[])));
    let message = match failed {
        Ok(_) => panic!("the app started although the JVM cannot fit in 256M"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default(),
    };
    assert!(message.contains("[jvm/memory-too-small]"), "{message}");
    assert!(message.contains("but the container has 256M"), "{message}");
    assert!(
        message.contains("raise the container's memory limit to at least"),
        "{message}"
    );
}
