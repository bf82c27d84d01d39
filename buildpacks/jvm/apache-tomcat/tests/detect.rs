//! Detect as Paketo's: a WAR (exploded or `*.war`) gives the package; `BP_JAVA_APP_SERVER`
//! chooses; an executable jar without a WAR is not Tomcat's.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

fn names(plan: &toml::Table, key: &str) -> Vec<String> {
    plan[key]
        .as_array()
        .expect(key)
        .iter()
        .map(|entry| entry["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn an_exploded_war_is_a_package_for_tomcat() {
    let workspace = integration_tests::workspace!("apache-tomcat");
    workspace.app_file("WEB-INF/web.xml", "<web-app/>");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert_eq!(
        names(&plan, "provides"),
        [
            "jvm-application",
            "java-app-server",
            "jvm-application-package",
            "web-process"
        ]
    );
    assert_eq!(
        names(&plan, "requires"),
        [
            "jre",
            "jvm-application-package",
            "jvm-application",
            "java-app-server",
            "web-process"
        ]
    );
}

#[test]
fn without_a_war_it_passes_but_needs_a_build_tool_for_the_package() {
    let workspace = integration_tests::workspace!("apache-tomcat");
    workspace.app_file("pom.xml", "<project/>");
    let (output, plan) = workspace.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
    assert!(!names(&plan, "provides").contains(&"jvm-application-package".to_string()));
}

#[test]
fn an_executable_jar_is_not_tomcats_unless_it_has_a_war() {
    let workspace = integration_tests::workspace!("apache-tomcat");
    workspace.app_file(
        "META-INF/MANIFEST.MF",
        "Manifest-Version: 1.0\nMain-Class: a.B\n",
    );
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.app_file("app.war", "");
    assert_eq!(workspace.detect().0.code, Some(0));
}

#[test]
fn another_app_server_is_chosen_and_an_unknown_one_is_an_error() {
    let workspace = integration_tests::workspace!("apache-tomcat");
    workspace.app_file("WEB-INF/web.xml", "<web-app/>");
    workspace.platform_env("BP_JAVA_APP_SERVER", "liberty");
    assert_eq!(workspace.detect().0.code, Some(100));
    workspace.platform_env("BP_JAVA_APP_SERVER", "tomcat");
    assert_eq!(workspace.detect().0.code, Some(0));
    workspace.platform_env("BP_JAVA_APP_SERVER", "jetty");
    let (output, _) = workspace.detect();
    assert_ne!(output.code, Some(0));
    assert!(
        output.stderr.contains("apache-tomcat/unknown-app-server"),
        "{}",
        output.log()
    );
}
