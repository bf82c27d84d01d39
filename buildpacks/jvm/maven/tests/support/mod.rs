//! The maven buildpack packaged for a test, an app with a POM, and a fake `mvnw` that stands
//! in for Maven: it records its arguments and copies prepared jars into `target/`.
#![allow(dead_code)] // each test binary uses a different part of this module

use integration_tests::direct::{PhaseOutput, Workspace};
use std::io::Write;

pub(crate) const POM: &str = "<?xml version=\"1.0\"?>\n<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>app</artifactId>\n  <version>1.0</version>\n</project>\n";

pub(crate) const PLAN: &str =
    "[[entries]]\nname = \"maven\"\n\n[[entries]]\nname = \"jvm-application-package\"\n";

pub(crate) const GSON: &str = "groupId=com.google.code.gson\nartifactId=gson\nversion=2.11.0\n";

pub(crate) fn workspace() -> Workspace {
    integration_tests::workspace!("maven")
}

/// An app with a POM and a source file.
pub(crate) fn app(workspace: &Workspace) {
    workspace.app_file("pom.xml", POM);
    workspace.app_file("src/main/java/App.java", "class App {}\n");
}

/// A stand-in Maven that logs its arguments and `MAVEN_USER_HOME` to `$HOME/mvnw.log`, puts a
/// file in the local repository, then runs `body`.
pub(crate) fn maven_script(body: &str) -> String {
    format!(
        "#!/bin/sh\necho \"$@\" >> \"$HOME/mvnw.log\"\necho \"MAVEN_USER_HOME=$MAVEN_USER_HOME\" >> \"$HOME/mvnw.log\"\n\
         for arg in \"$@\"; do case \"$arg\" in -Dmaven.repo.local=*) mkdir -p \"${{arg#*=}}/g\"; touch \"${{arg#*=}}/g/lib.pom\";; esac; done\n\
         echo '[INFO] Scanning for projects...'\n{body}\n"
    )
}

/// The app's `mvnw`, a [`maven_script`].
pub(crate) fn mvnw(workspace: &Workspace, body: &str) {
    workspace.app_file("mvnw", &maven_script(body));
}

/// A `mvnw` that copies `.jars/<name>` for each name into `target/`.
pub(crate) fn mvnw_building(workspace: &Workspace, names: &[&str]) {
    let copies: Vec<String> = names
        .iter()
        .map(|name| format!("cp .jars/{name} target/{name}"))
        .collect();
    mvnw(
        workspace,
        &format!("mkdir -p target/classes\n{}", copies.join("\n")),
    );
}

/// Writes a zip with `entries` into the app at `relative`.
pub(crate) fn jar(workspace: &Workspace, relative: &str, entries: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(content).expect("write");
    }
    let path = workspace.app_dir.join(relative);
    fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs_err::write(path, zip.finish().expect("zip").into_inner()).expect("write jar");
}

/// The app's built jar: a manifest, a class, and gson's shaded pom.properties.
pub(crate) fn app_jar(workspace: &Workspace, name: &str) {
    jar(
        workspace,
        &format!(".jars/{name}"),
        &[
            (
                "META-INF/MANIFEST.MF",
                b"Manifest-Version: 1.0\nMain-Class: App\n",
            ),
            ("App.class", b"\xca\xfe\xba\xbe"),
            (
                "META-INF/maven/com.google.code.gson/gson/pom.properties",
                GSON.as_bytes(),
            ),
        ],
    );
}

/// The printed error with the workspace's temporary paths replaced.
pub(crate) fn error(workspace: &Workspace, output: &PhaseOutput) -> String {
    output
        .stderr
        .replace(&workspace.root.path().display().to_string(), "<root>")
}

pub(crate) fn mvnw_log(workspace: &Workspace) -> String {
    fs_err::read_to_string(workspace.root.path().join("mvnw.log")).unwrap_or_default()
}
