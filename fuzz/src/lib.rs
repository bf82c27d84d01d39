//! What the fuzz targets share: a scratch folder for parsers that read files.

use std::path::Path;
use std::sync::OnceLock;

/// One scratch folder for the whole run; each input rewrites the files it needs.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a scratch folder"))
        .path()
}

/// Writes `bytes` to `name` in a fresh subfolder `folder` of the scratch folder.
pub fn project_with(folder: &str, files: &[(&str, &[u8])]) -> std::path::PathBuf {
    let dir = scratch().join(folder);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("project folder");
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent folder");
        }
        std::fs::write(path, bytes).expect("input file");
    }
    dir
}

/// Splits an input into `n` parts at NUL bytes (missing parts are empty), so one input can
/// fill several files or fields.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut parts: Vec<&[u8]> = data.splitn(n, |byte| *byte == 0).collect();
    parts.resize(n, &[]);
    parts
}
