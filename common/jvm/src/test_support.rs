//! What the unit tests share: a fake file system root (for `/sys/fs/cgroup` and `/proc`) and
//! an environment.

use libcnb::Env;

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

/// An environment of `pairs`.
pub(crate) fn env(pairs: &[(&str, &str)]) -> Env {
    stowage_kit::config::env_of(pairs.iter().copied())
}

/// A throwaway self-signed CA certificate, as PEM.
pub(crate) fn test_ca_pem() -> String {
    rcgen::generate_simple_self_signed(vec!["stowage-jvm-test-ca".to_string()])
        .expect("a test certificate")
        .cert
        .pem()
}
