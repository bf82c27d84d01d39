//! Which web application the app is, as Paketo decides: the app itself when it has `WEB-INF/`
//! (an exploded WAR), else the one `*.war` file at its top.

use crate::errors;
use std::path::{Path, PathBuf};
use stowage_jvm::Manifest;
use stowage_kit::Error;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum WebApp {
    /// The app folder is the web application.
    Exploded,
    /// A WAR file, relative to the app.
    War(PathBuf),
    /// Neither: a build tool's buildpack may still make one.
    None,
}

/// The `*.war` files at the app's top, sorted.
pub(crate) fn wars(app: &Path) -> Vec<String> {
    let mut wars: Vec<String> = std::fs::read_dir(app)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|extension| extension == "war")
        })
        .collect();
    wars.sort();
    wars
}

pub(crate) fn is_exploded(app: &Path) -> bool {
    app.join("WEB-INF").is_dir()
}

/// The web application in `app`; several WARs are an error.
pub(crate) fn find(app: &Path) -> Result<WebApp, Error> {
    if is_exploded(app) {
        return Ok(WebApp::Exploded);
    }
    match wars(app).as_slice() {
        [] => Ok(WebApp::None),
        [war] => Ok(WebApp::War(PathBuf::from(war))),
        several => Err(errors::several_wars(several)),
    }
}

/// Whether the app's own manifest names a `Main-Class` (an executable jar, not Tomcat's,
/// unless it also has WARs). An unreadable manifest counts as none.
pub(crate) fn has_main_class(app: &Path) -> bool {
    std::fs::read(app.join("META-INF/MANIFEST.MF"))
        .ok()
        .and_then(|bytes| Manifest::parse(&bytes).ok())
        .is_some_and(|manifest| manifest.main_class().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exploded_then_one_war_then_none() {
        let dir = tempfile::tempdir().expect("dir");
        assert_eq!(find(dir.path()).expect("ok"), WebApp::None);
        std::fs::write(dir.path().join("shop.war"), "").expect("write");
        std::fs::write(dir.path().join("shop.jar"), "").expect("write");
        assert_eq!(
            find(dir.path()).expect("ok"),
            WebApp::War(PathBuf::from("shop.war"))
        );
        std::fs::write(dir.path().join("admin.war"), "").expect("write");
        assert_eq!(
            find(dir.path()).expect_err("two").id,
            "apache-tomcat/several-wars"
        );
        std::fs::create_dir(dir.path().join("WEB-INF")).expect("mkdir");
        assert_eq!(find(dir.path()).expect("ok"), WebApp::Exploded);
    }

    #[test]
    fn a_main_class_in_the_app_manifest() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(!has_main_class(dir.path()));
        std::fs::create_dir(dir.path().join("META-INF")).expect("mkdir");
        std::fs::write(
            dir.path().join("META-INF/MANIFEST.MF"),
            "Manifest-Version: 1.0\nMain-Class: a.B\n",
        )
        .expect("write");
        assert!(has_main_class(dir.path()));
    }
}
