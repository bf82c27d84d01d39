//! A WAR exploded into a folder. Entries that would land outside it (absolute paths, `..`)
//! are refused, and a failure leaves nothing: the folder is filled under a temporary name and
//! renamed into place at the end.

use crate::errors;
use std::io;
use std::path::Path;
use stowage_kit::Error;

/// Explodes `war` (`shown` in messages) into `target`, which must not exist.
pub(crate) fn explode(war: &Path, shown: &Path, target: &Path) -> Result<usize, Error> {
    let file = std::fs::File::open(war).map_err(|error| errors::unreadable(shown, &error))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|error| errors::not_a_war(shown, &error))?;
    let staging = target.with_extension("exploding");
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        for index in 0..archive.len() {
            let mut entry = archive
                .by_index(index)
                .map_err(|error| errors::not_a_war(shown, &error))?;
            let Some(relative) = entry.enclosed_name() else {
                return Err(errors::unsafe_war_entry(shown, entry.name()));
            };
            let path = staging.join(relative);
            let written = if entry.is_dir() {
                std::fs::create_dir_all(&path)
            } else {
                path.parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::File::create(&path))
                    .and_then(|mut out| io::copy(&mut entry, &mut out).map(|_| ()))
            };
            written.map_err(|error| errors::write_failed(&path, &error))?;
        }
        std::fs::create_dir_all(&staging)
            .and_then(|()| std::fs::rename(&staging, target))
            .map_err(|error| errors::write_failed(target, &error))?;
        Ok(archive.len())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn war(dir: &Path, entries: &[(&str, &str)]) -> std::path::PathBuf {
        let path = dir.join("app.war");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
        let options = zip::write::SimpleFileOptions::default();
        for (name, content) in entries {
            zip.start_file(*name, options).expect("entry");
            zip.write_all(content.as_bytes()).expect("write");
        }
        zip.finish().expect("zip");
        path
    }

    #[test]
    fn entries_land_under_the_target() {
        let dir = tempfile::tempdir().expect("dir");
        let war = war(
            dir.path(),
            &[("WEB-INF/web.xml", "<web-app/>"), ("index.html", "hi")],
        );
        let target = dir.path().join("ROOT");
        assert_eq!(explode(&war, Path::new("app.war"), &target).expect("ok"), 2);
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).expect("read"),
            "hi"
        );
        assert!(target.join("WEB-INF/web.xml").is_file());
    }

    #[test]
    fn an_entry_outside_the_war_is_refused_and_nothing_is_left() {
        let dir = tempfile::tempdir().expect("dir");
        let war = war(dir.path(), &[("index.html", "hi"), ("../evil.jsp", "x")]);
        let target = dir.path().join("out/ROOT");
        std::fs::create_dir(dir.path().join("out")).expect("mkdir");
        let error = explode(&war, Path::new("app.war"), &target).expect_err("unsafe");
        assert_eq!(error.id, "apache-tomcat/unsafe-war-entry");
        assert!(!dir.path().join("evil.jsp").exists());
        assert_eq!(
            std::fs::read_dir(dir.path().join("out"))
                .expect("ls")
                .count(),
            0
        );
    }

    #[test]
    fn a_file_that_is_not_a_zip() {
        let dir = tempfile::tempdir().expect("dir");
        let war = dir.path().join("app.war");
        std::fs::write(&war, "not a zip").expect("write");
        let error = explode(&war, Path::new("app.war"), &dir.path().join("ROOT")).expect_err("bad");
        assert_eq!(error.id, "apache-tomcat/not-a-war");
    }
}
