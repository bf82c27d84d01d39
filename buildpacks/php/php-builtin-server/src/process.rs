//! The `web` process: PHP's built-in server on `$PORT` (8080 when the platform sets none; the
//! app's user cannot bind Paketo's default 80), serving the web folder when the app has one,
//! else the app's root.

use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder};
use libcnb::data::process_type;
use std::path::{Path, PathBuf};

/// Whether `dir` holds a `*.php` file (not searched deeper, as Paketo's detect).
pub(crate) fn has_php_files(dir: &Path) -> bool {
    fs_err::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|entry| {
            entry.path().extension().is_some_and(|ext| ext == "php")
                && entry.file_type().is_ok_and(|kind| !kind.is_dir())
        })
    })
}

pub(crate) fn document_root(app: &Path, web_dir: &str) -> PathBuf {
    let web = app.join(web_dir);
    if web.is_dir() { web } else { app.to_path_buf() }
}

/// `bash -c 'exec php -S 0.0.0.0:"${PORT:-8080}" -t <root>'`: the shell reads `PORT` at launch.
pub(crate) fn command(root: &Path) -> Vec<String> {
    let quoted = root.display().to_string().replace('\'', r"'\''");
    vec![
        "bash".to_string(),
        "-c".to_string(),
        format!("exec php -S 0.0.0.0:\"${{PORT:-8080}}\" -t '{quoted}'"),
    ]
}

pub(crate) fn launch(command: Vec<String>) -> Launch {
    LaunchBuilder::new()
        .process(
            ProcessBuilder::new(process_type!("web"), command)
                .default(true)
                .build(),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_files_in_a_folder_and_the_document_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(!has_php_files(dir.path()));
        fs_err::create_dir_all(dir.path().join("htdocs/sub.php")).expect("mkdir");
        assert!(
            !has_php_files(&dir.path().join("htdocs")),
            "a folder is no file"
        );
        fs_err::write(dir.path().join("htdocs/index.php"), "<?php").expect("write");
        assert!(has_php_files(&dir.path().join("htdocs")));
        assert_eq!(
            document_root(dir.path(), "htdocs"),
            dir.path().join("htdocs")
        );
        assert_eq!(document_root(dir.path(), "public"), dir.path());
    }

    #[test]
    fn the_command_reads_the_port_at_launch_and_quotes_the_root() {
        assert_eq!(
            command(Path::new("/workspace/it's")),
            [
                "bash",
                "-c",
                "exec php -S 0.0.0.0:\"${PORT:-8080}\" -t '/workspace/it'\\''s'"
            ]
        );
    }
}
