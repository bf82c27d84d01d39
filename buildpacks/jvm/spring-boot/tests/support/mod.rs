//! The spring-boot buildpack packaged for a test, and exploded Boot jars written by hand.

use integration_tests::direct::Workspace;
use std::collections::BTreeMap;
use std::io::Write;

pub(crate) const MANIFEST: &str = "Manifest-Version: 1.0\n\
    Main-Class: org.springframework.boot.loader.launch.JarLauncher\n\
    Start-Class: com.example.App\n\
    Implementation-Title: demo\n\
    Implementation-Version: 0.0.1\n\
    Spring-Boot-Version: 3.5.7\n\
    Spring-Boot-Classes: BOOT-INF/classes/\n\
    Spring-Boot-Lib: BOOT-INF/lib/\n\
    Spring-Boot-Classpath-Index: BOOT-INF/classpath.idx\n\
    Spring-Boot-Layers-Index: BOOT-INF/layers.idx\n";

pub(crate) const LAYERS: &str = "- \"dependencies\":\n  - \"BOOT-INF/lib/\"\n\
    - \"spring-boot-loader\":\n  - \"org/\"\n\
    - \"snapshot-dependencies\":\n\
    - \"application\":\n  - \"BOOT-INF/classes/\"\n  - \"BOOT-INF/classpath.idx\"\n  - \"BOOT-INF/layers.idx\"\n  - \"META-INF/\"\n";

pub(crate) fn workspace() -> Workspace {
    integration_tests::workspace!("spring-boot")
}

pub(crate) fn workspace_with(inventory: toml::Table) -> Workspace {
    integration_tests::workspace!(
        "spring-boot",
        BTreeMap::from([("spring-boot".to_string(), inventory)])
    )
}

/// A zip holding `entries` (name, content).
pub(crate) fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in entries {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(content.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// An exploded Spring Boot 3.5.7 jar: two libraries (one with Maven coordinates), the
/// loader, a class, and both indexes.
pub(crate) fn boot_app(workspace: &Workspace) {
    workspace.app_file("META-INF/MANIFEST.MF", MANIFEST);
    workspace.app_file("BOOT-INF/layers.idx", LAYERS);
    workspace.app_file(
        "BOOT-INF/classpath.idx",
        "- \"BOOT-INF/lib/spring-boot-3.5.7.jar\"\n- \"BOOT-INF/lib/plain-1.2.jar\"\n",
    );
    workspace.app_file("BOOT-INF/classes/com/example/App.class", "\u{ca}");
    workspace.app_file(
        "org/springframework/boot/loader/launch/JarLauncher.class",
        "\u{ca}",
    );
    let boot = zip(&[(
        "META-INF/maven/org.springframework.boot/spring-boot/pom.properties",
        "artifactId=spring-boot\ngroupId=org.springframework.boot\nversion=3.5.7\n",
    )]);
    let plain = zip(&[("a/B.class", "")]);
    let lib = workspace.app_dir.join("BOOT-INF/lib");
    fs_err::create_dir_all(&lib).expect("mkdir");
    fs_err::write(lib.join("spring-boot-3.5.7.jar"), boot).expect("write");
    fs_err::write(lib.join("plain-1.2.jar"), plain).expect("write");
}
