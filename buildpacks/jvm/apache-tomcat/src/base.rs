//! The launch layer `catalina-base` (`CATALINA_BASE`), made anew each build: Stowage's
//! server.xml, context.xml, logging.properties and bin/setenv.sh, the distribution's web.xml and
//! catalina.properties, and `webapps/<context>`: a link to the app (an exploded WAR) or the
//! app's WAR exploded. External configuration goes on top, then a `tomcat` binding's files.

use crate::app::WebApp;
use crate::{conf, errors, explode};
use std::path::{Path, PathBuf};
use stowage_kit::Error;

pub(crate) struct Base<'a> {
    /// The layer folder, empty.
    pub root: &'a Path,
    pub tomcat_home: &'a Path,
    pub app: &'a Path,
    pub web_app: &'a WebApp,
    /// The folder name under `webapps/`.
    pub webapp_name: &'a str,
}

/// Writes the base; returns what the app's entry under `webapps/` is, for the log.
pub(crate) fn write(base: &Base<'_>) -> Result<String, Error> {
    let conf = base.root.join("conf");
    for dir in ["bin", "conf", "logs", "temp", "webapps", "work", "lib"] {
        create_dir(&base.root.join(dir))?;
    }
    write_file(&conf.join("server.xml"), conf::SERVER_XML)?;
    write_file(&conf.join("context.xml"), conf::CONTEXT_XML)?;
    write_file(&conf.join("logging.properties"), conf::LOGGING_PROPERTIES)?;
    write_file(&base.root.join("bin/setenv.sh"), conf::SETENV_SH)?;
    for name in ["web.xml", "catalina.properties"] {
        let from = base.tomcat_home.join("conf").join(name);
        let to = conf.join(name);
        std::fs::copy(&from, &to).map_err(|error| errors::unreadable(&from, &error))?;
    }
    let entry = base.root.join("webapps").join(base.webapp_name);
    match base.web_app {
        WebApp::War(war) => {
            let count = explode::explode(&base.app.join(war), war, &entry)?;
            Ok(format!("{} exploded ({count} entries)", war.display()))
        }
        WebApp::Exploded | WebApp::None => {
            std::os::unix::fs::symlink(base.app, &entry)
                .map_err(|error| errors::write_failed(&entry, &error))?;
            Ok(format!("a link to the app ({})", base.app.display()))
        }
    }
}

/// Copies the files of `from` over the base, keeping its folders: external configuration.
pub(crate) fn overlay(from: &Path, root: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut copied = Vec::new();
    copy_tree(from, from, root, &mut copied)?;
    copied.sort();
    Ok(copied)
}

fn copy_tree(top: &Path, dir: &Path, root: &Path, copied: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|error| errors::unreadable(dir, &error))?;
    for entry in entries {
        let path = entry
            .map_err(|error| errors::unreadable(dir, &error))?
            .path();
        let relative = path.strip_prefix(top).unwrap_or(&path).to_path_buf();
        let target = root.join(&relative);
        let metadata =
            std::fs::symlink_metadata(&path).map_err(|error| errors::unreadable(&path, &error))?;
        if metadata.is_dir() {
            create_dir(&target)?;
            copy_tree(top, &path, root, copied)?;
        } else {
            copy_file(&path, &target)?;
            copied.push(relative);
        }
    }
    Ok(())
}

/// Copies a file, replacing what is there (a link included, so nothing outside is written).
pub(crate) fn copy_file(from: &Path, to: &Path) -> Result<(), Error> {
    if std::fs::symlink_metadata(to).is_ok() {
        std::fs::remove_file(to).map_err(|error| errors::write_failed(to, &error))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|error| errors::write_failed(to, &error))
}

fn create_dir(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path).map_err(|error| errors::write_failed(path, &error))
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|error| errors::write_failed(path, &error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(dir: &Path) -> PathBuf {
        let home = dir.join("home");
        std::fs::create_dir_all(home.join("conf")).expect("mkdir");
        std::fs::write(home.join("conf/web.xml"), "<web-app/>").expect("write");
        std::fs::write(home.join("conf/catalina.properties"), "a=b\n").expect("write");
        home
    }

    #[test]
    fn an_exploded_app_is_linked_under_its_context() {
        let dir = tempfile::tempdir().expect("dir");
        let home = home(dir.path());
        let root = dir.path().join("base");
        let app = dir.path().join("app");
        std::fs::create_dir_all(&app).expect("mkdir");
        let shown = write(&Base {
            root: &root,
            tomcat_home: &home,
            app: &app,
            web_app: &WebApp::Exploded,
            webapp_name: "api#v1",
        })
        .expect("written");
        assert!(shown.starts_with("a link to the app"), "{shown}");
        assert_eq!(
            std::fs::read_link(root.join("webapps/api#v1")).expect("link"),
            app
        );
        let server = std::fs::read_to_string(root.join("conf/server.xml")).expect("read");
        assert!(server.contains(r#"<Connector port="${port}""#));
        assert!(server.contains(r#"<Server port="-1""#));
        assert!(server.contains("RemoteIpValve"));
        assert_eq!(
            std::fs::read_to_string(root.join("conf/web.xml")).expect("read"),
            "<web-app/>"
        );
    }

    #[test]
    fn overlay_replaces_files_and_keeps_folders() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path().join("base");
        std::fs::create_dir_all(root.join("conf")).expect("mkdir");
        std::fs::write(root.join("conf/server.xml"), "ours").expect("write");
        let ext = dir.path().join("ext");
        std::fs::create_dir_all(ext.join("conf")).expect("mkdir");
        std::fs::create_dir_all(ext.join("lib")).expect("mkdir");
        std::fs::write(ext.join("conf/server.xml"), "theirs").expect("write");
        std::fs::write(ext.join("lib/driver.jar"), "jar").expect("write");
        let copied = overlay(&ext, &root).expect("copied");
        assert_eq!(
            copied,
            [
                PathBuf::from("conf/server.xml"),
                PathBuf::from("lib/driver.jar")
            ]
        );
        assert_eq!(
            std::fs::read_to_string(root.join("conf/server.xml")).expect("read"),
            "theirs"
        );
    }
}
