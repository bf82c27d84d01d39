//! The errors this buildpack reports, beyond the ones the kit makes.

use std::fmt::Display;
use std::path::Path;
use stowage_kit::Error;

pub(crate) const APP_SERVER: &str = "BP_JAVA_APP_SERVER";
pub(crate) const CONTEXT_PATH: &str = "BP_TOMCAT_CONTEXT_PATH";

pub(crate) fn unknown_app_server(value: &str) -> Error {
    Error::new(
        "apache-tomcat/unknown-app-server",
        format!("{APP_SERVER} is `{value}`, which is not an application server Stowage knows"),
        "Set it to `tomcat` (or leave it unset) to run the WAR in Apache Tomcat.\n\
         `tomee` and `liberty` name Paketo's other servers, which Stowage does not provide.",
    )
    .variable(APP_SERVER)
}

pub(crate) fn bad_context_path(value: &str, reason: &str) -> Error {
    Error::new(
        "apache-tomcat/bad-context-path",
        format!("{CONTEXT_PATH} is `{value}`, which is not a context path: {reason}"),
        "A context path is the URL path the app answers under, like `shop` or `/api/v1`\n\
         (leave it unset for the root, `/`). Use letters, digits and `-._~` between the slashes.",
    )
    .variable(CONTEXT_PATH)
}

pub(crate) fn several_wars(wars: &[String]) -> Error {
    Error::new(
        "apache-tomcat/several-wars",
        format!(
            "The app holds {} WAR files: {}",
            wars.len(),
            wars.join(", ")
        ),
        "Tomcat runs one web application per image here, and nothing says which one is meant.\n\
         Keep one WAR in the folder the image is built from (or build from the WAR itself:\n\
         `pack build --path app.war`, which explodes it).",
    )
}

pub(crate) fn not_a_war(war: &Path, error: &impl Display) -> Error {
    Error::new(
        "apache-tomcat/not-a-war",
        format!(
            "{} is not a WAR: it cannot be read as a zip archive",
            war.display()
        ),
        "The file may be truncated, or something else named `.war`: rebuild it, or remove it.",
    )
    .file(war)
    .debug(error)
}

pub(crate) fn unsafe_war_entry(war: &Path, entry: &str) -> Error {
    Error::new(
        "apache-tomcat/unsafe-war-entry",
        format!("{} holds the entry `{entry}`, which points outside the WAR", war.display()),
        "A WAR's entries are paths inside it; an absolute path or `..` is refused rather than written\n\
         elsewhere. Rebuild the WAR with the build tool's war plugin.",
    )
    .file(war)
}

pub(crate) fn ext_conf_incomplete(missing: &str) -> Error {
    Error::new(
        "apache-tomcat/ext-conf-incomplete",
        format!("BP_TOMCAT_EXT_CONF_URI is set, but {missing} is not"),
        "External configuration is a tar.gz downloaded at build time and unpacked over the\n\
         Tomcat base. Set BP_TOMCAT_EXT_CONF_URI, BP_TOMCAT_EXT_CONF_SHA256 (its sha256, hex) and\n\
         BP_TOMCAT_EXT_CONF_VERSION (any version, e.g. 1.0.0); BP_TOMCAT_EXT_CONF_STRIP is optional (default 0).",
    )
    .variable(missing)
}

pub(crate) fn bad_ext_conf_setting(name: &str, value: &str, expected: &str) -> Error {
    Error::new(
        "apache-tomcat/bad-ext-conf-setting",
        format!("{name} is `{value}`, which is not {expected}"),
        "Fix the value, or unset BP_TOMCAT_EXT_CONF_URI to build without external configuration.",
    )
    .variable(name)
}

pub(crate) fn write_failed(path: &Path, error: &impl Display) -> Error {
    Error::new(
        "apache-tomcat/write-failed",
        format!("{} could not be written", path.display()),
        "Check that the layers directory is writable by the build and the disk is not full.",
    )
    .file(path)
    .debug(error)
}

pub(crate) fn unreadable(path: &Path, error: &impl Display) -> Error {
    Error::new(
        "apache-tomcat/unreadable",
        format!("{} could not be read", path.display()),
        "Check that the file is readable by the build (its permissions, and that it is not a broken link).",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_app_server() {
        insta::assert_snapshot!(unknown_app_server("jetty").render());
    }

    #[test]
    fn a_bad_context_path() {
        insta::assert_snapshot!(
            bad_context_path("shop/../admin", "`..` is not a path segment").render()
        );
    }

    #[test]
    fn several_wars_and_no_way_to_choose() {
        insta::assert_snapshot!(several_wars(&["a.war".to_string(), "b.war".to_string()]).render());
    }

    #[test]
    fn a_war_that_is_not_a_zip() {
        let error = zip::result::ZipError::InvalidArchive("Could not find EOCD".into());
        insta::assert_snapshot!(not_a_war(Path::new("app.war"), &error).render());
    }

    #[test]
    fn a_war_entry_outside_the_war() {
        insta::assert_snapshot!(unsafe_war_entry(Path::new("app.war"), "../evil.jsp").render());
    }

    #[test]
    fn ext_conf_without_its_checksum() {
        insta::assert_snapshot!(ext_conf_incomplete("BP_TOMCAT_EXT_CONF_SHA256").render());
    }

    #[test]
    fn a_bad_ext_conf_setting() {
        insta::assert_snapshot!(
            bad_ext_conf_setting(
                "BP_TOMCAT_EXT_CONF_STRIP",
                "one",
                "a number of leading folders"
            )
            .render()
        );
    }

    #[test]
    fn a_file_that_cannot_be_written() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(write_failed(Path::new("conf/server.xml"), &error).render());
    }

    #[test]
    fn a_file_that_cannot_be_read() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(unreadable(Path::new("conf/web.xml"), &error).render());
    }
}
