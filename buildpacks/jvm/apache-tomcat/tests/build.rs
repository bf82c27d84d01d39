//! Build as the lifecycle runs it, with a small stand-in Tomcat tarball from a mirror: the two
//! layers, the base's files and env, the app under its context path, external configuration,
//! the `tomcat` binding, reuse of the Tomcat layer, and the errors.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::artifact::{Entry, tar_gz};
use integration_tests::direct::Workspace;
use integration_tests::mirror::Mirror;
use std::collections::BTreeMap;
use std::path::Path;

const PLAN: &str = "[[entries]]\nname = \"jvm-application\"\n";

/// A Tomcat 10.1.59 "distribution" (catalina.sh and the two conf files the base copies).
fn inventory(dir: &Path, mirror: &Mirror) -> toml::Table {
    let (_, sha256) = tar_gz(
        dir,
        "apache-tomcat-10.1.59.tar.gz",
        &[
            Entry::File {
                path: "apache-tomcat-10.1.59/bin/catalina.sh",
                content: b"#!/bin/sh\n",
                mode: 0o755,
            },
            Entry::File {
                path: "apache-tomcat-10.1.59/conf/web.xml",
                content: b"<web-app>distribution</web-app>",
                mode: 0o644,
            },
            Entry::File {
                path: "apache-tomcat-10.1.59/conf/catalina.properties",
                content: b"common.loader=x\n",
                mode: 0o644,
            },
        ],
    );
    format!(
        "[default-versions]\ntomcat = \"10.*\"\n\n[[dependencies]]\nid = \"tomcat\"\nname = \"Apache Tomcat\"\n\
         version = \"10.1.59\"\nuri = \"{}\"\nchecksum = \"sha256:{sha256}\"\nstrip-components = 1\n\
         purl = \"pkg:generic/apache-tomcat@10.1.59\"\nlicenses = [\"Apache-2.0\"]\nstacks = [\"*\"]\n",
        mirror.uri("/apache-tomcat-10.1.59.tar.gz")
    )
    .parse()
    .expect("inventory")
}

struct Setup {
    workspace: Workspace,
    mirror: Mirror,
    served: tempfile::TempDir,
}

fn setup() -> Setup {
    let served = tempfile::tempdir().expect("dir");
    let mirror = Mirror::start(served.path());
    let workspace = integration_tests::workspace!(
        "apache-tomcat",
        BTreeMap::from([(
            "apache-tomcat".to_string(),
            inventory(served.path(), &mirror)
        )])
    );
    workspace.app_file("WEB-INF/web.xml", "<web-app/>");
    workspace.app_file("index.html", "hello");
    Setup {
        workspace,
        mirror,
        served,
    }
}

fn read(path: &Path) -> String {
    fs_err::read_to_string(path).expect("read")
}

#[test]
fn an_exploded_war_gets_tomcat_a_base_under_its_context_and_the_processes() {
    let setup = setup();
    let workspace = &setup.workspace;
    workspace.platform_env("BP_TOMCAT_CONTEXT_PATH", "/api/v1/");
    let output = workspace.build_ok(PLAN);
    assert!(
        output
            .stdout
            .contains("Context path /api/v1 (webapps/api#v1, from BP_TOMCAT_CONTEXT_PATH)"),
        "{}",
        output.stdout
    );
    let layers = workspace.buildpack_layers();
    let home = layers.join("tomcat");
    let base = layers.join("catalina-base");
    assert!(home.join("bin/catalina.sh").is_file());
    assert!(read(&layers.join("tomcat.toml")).contains("launch = true"));
    assert_eq!(
        read(&home.join("env.launch/CATALINA_HOME.override")),
        home.to_string_lossy()
    );
    assert_eq!(
        read(&base.join("env.launch/CATALINA_BASE.override")),
        base.to_string_lossy()
    );
    assert_eq!(
        read(&base.join("env.launch/CATALINA_TMPDIR.override")),
        "/tmp"
    );
    assert!(
        read(&base.join("env.launch/CATALINA_OPTS.append")).contains("EnvironmentPropertySource")
    );
    assert!(base.join("exec.d/tomcat").exists());
    assert_eq!(
        fs_err::read_link(base.join("webapps/api#v1")).expect("link"),
        workspace.app_dir
    );
    assert!(read(&base.join("conf/server.xml")).contains(r#"port="${port}""#));
    assert_eq!(
        read(&base.join("conf/web.xml")),
        "<web-app>distribution</web-app>"
    );
    assert!(layers.join("tomcat.sbom.cdx.json").is_file());
    let launch = read(&layers.join("launch.toml"));
    let catalina = format!("{}/bin/catalina.sh", home.display());
    for kind in ["tomcat", "task", "web"] {
        assert!(launch.contains(&format!("type = \"{kind}\"")), "{launch}");
    }
    assert!(launch.contains(&catalina), "{launch}");

    // Again, with the layer restored: Tomcat is kept.
    let again = workspace.build_ok(PLAN);
    assert!(again.stdout.contains("Reusing"), "{}", again.stdout);
}

#[test]
fn a_war_is_exploded_into_webapps_root_and_the_property_source_can_be_left_out() {
    let setup = setup();
    let workspace = &setup.workspace;
    fs_err::remove_dir_all(workspace.app_dir.join("WEB-INF")).expect("rm");
    let war = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("index.jsp", zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(b"<%= 1 %>").expect("write");
        zip.finish().expect("zip").into_inner()
    };
    fs_err::write(workspace.app_dir.join("shop.war"), war).expect("write");
    workspace.platform_env("BP_TOMCAT_ENV_PROPERTY_SOURCE_DISABLED", "true");
    workspace.build_ok(PLAN);
    let base = workspace.buildpack_layers().join("catalina-base");
    assert_eq!(read(&base.join("webapps/ROOT/index.jsp")), "<%= 1 %>");
    assert!(!base.join("env.launch/CATALINA_OPTS.append").exists());
}

#[test]
fn external_configuration_and_a_tomcat_binding_go_over_the_base() {
    let Setup {
        workspace,
        mirror,
        served,
    } = setup();
    let (_, sha256) = tar_gz(
        served.path(),
        "conf.tar.gz",
        &[
            Entry::File {
                path: "ext/conf/tomcat-users.xml",
                content: b"<tomcat-users/>",
                mode: 0o644,
            },
            Entry::File {
                path: "ext/lib/driver.jar",
                content: b"jar",
                mode: 0o644,
            },
        ],
    );
    workspace.platform_env("BP_TOMCAT_EXT_CONF_URI", &mirror.uri("/conf.tar.gz"));
    workspace.platform_env("BP_TOMCAT_EXT_CONF_SHA256", &sha256);
    workspace.platform_env("BP_TOMCAT_EXT_CONF_VERSION", "1.0.0");
    workspace.platform_env("BP_TOMCAT_EXT_CONF_STRIP", "1");
    workspace.binding(
        "tomcat-conf",
        "tomcat",
        &[("context.xml", "<Context reloadable=\"true\"/>")],
    );
    let output = workspace.build_ok(PLAN);
    assert!(
        output
            .stdout
            .contains("Copied over the base: conf/tomcat-users.xml, lib/driver.jar"),
        "{}",
        output.stdout
    );
    let base = workspace.buildpack_layers().join("catalina-base");
    assert_eq!(read(&base.join("conf/tomcat-users.xml")), "<tomcat-users/>");
    assert_eq!(read(&base.join("lib/driver.jar")), "jar");
    assert_eq!(
        read(&base.join("conf/context.xml")),
        "<Context reloadable=\"true\"/>"
    );
}

fn fails(workspace: &Workspace) -> String {
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    assert!(!workspace.buildpack_layers().join("launch.toml").exists());
    assert!(
        !workspace
            .buildpack_layers()
            .join("catalina-base")
            .join("conf")
            .exists()
    );
    output.error_head()
}

#[test]
fn an_ext_conf_checksum_mismatch_fails_and_leaves_no_base() {
    let Setup {
        workspace,
        mirror,
        served,
    } = setup();
    fs_err::write(served.path().join("conf.tar.gz"), "not what was promised").expect("write");
    workspace.platform_env("BP_TOMCAT_EXT_CONF_URI", &mirror.uri("/conf.tar.gz"));
    workspace.platform_env("BP_TOMCAT_EXT_CONF_SHA256", &"0".repeat(64));
    workspace.platform_env("BP_TOMCAT_EXT_CONF_VERSION", "1.0.0");
    let head = fails(&workspace);
    assert!(head.contains("checksum"), "{head}");
}

#[test]
fn a_bad_context_path_fails() {
    let setup = setup();
    let workspace = &setup.workspace;
    workspace.platform_env("BP_TOMCAT_CONTEXT_PATH", "shop/../admin");
    insta::assert_snapshot!(fails(workspace));
}

#[test]
fn several_wars_fail() {
    let setup = setup();
    let workspace = &setup.workspace;
    fs_err::remove_dir_all(workspace.app_dir.join("WEB-INF")).expect("rm");
    workspace.app_file("a.war", "");
    workspace.app_file("b.war", "");
    insta::assert_snapshot!(fails(workspace));
}

#[test]
fn ext_conf_without_a_checksum_fails() {
    let setup = setup();
    let workspace = &setup.workspace;
    workspace.platform_env("BP_TOMCAT_EXT_CONF_URI", "https://example.com/conf.tar.gz");
    workspace.platform_env("BP_TOMCAT_EXT_CONF_VERSION", "1.0.0");
    insta::assert_snapshot!(fails(workspace));
}
