//! A fake file system root for the tests that read `/sys/fs/cgroup` and `/proc`.

/// A temp folder holding `files` (path below the root, content).
pub(crate) fn root(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let path = dir.path().join(path);
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, content).expect("write");
    }
    dir
}
