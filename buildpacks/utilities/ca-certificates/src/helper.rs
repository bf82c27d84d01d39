//! The launch helper (an exec.d program): before the app starts, it writes a bundle of the run
//! image's CAs, the certificates embedded at build time and those of `ca-certificates`
//! bindings mounted at runtime (`$SERVICE_BINDING_ROOT`), and points `SSL_CERT_FILE` (OpenSSL:
//! Ruby, PHP, curl, Python's ssl, Node with `--use-openssl-ca`) and `NODE_EXTRA_CA_CERTS`
//! (Node without it) at it.

use crate::binding_certs::{self, CertFile};
use crate::bundle;
use crate::errors;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;

/// The program's name in the layer's `exec.d`.
pub const PROGRAM: &str = "ca-certificates-helper";
/// Certificates embedded at build time (`BP_EMBED_CERTS`): `<layer>/embedded/<binding>/<key>`.
pub const EMBEDDED_DIR: &str = "embedded";
/// Present when the build turned runtime bindings off (`BP_RUNTIME_CERT_BINDING_DISABLED`).
pub const NO_RUNTIME_BINDINGS: &str = "runtime-bindings-disabled";

/// What the helper found and set.
#[derive(Debug, PartialEq, Eq)]
pub struct Trust {
    /// The whole bundle, for `SSL_CERT_FILE`.
    pub bundle: PathBuf,
    /// Only the added certificates (and the user's own), for `NODE_EXTRA_CA_CERTS`.
    pub node_extra: PathBuf,
    pub certificates: usize,
    pub warnings: Vec<Error>,
}

/// `layer_dir` is the helper's layer; `lookup` reads the launch environment; bundles go in a
/// new folder under `temp_dir`. `None` when there is nothing to add.
pub fn run(
    layer_dir: &Path,
    lookup: impl Fn(&str) -> Option<OsString>,
    temp_dir: &Path,
) -> Result<Option<Trust>, Error> {
    let mut files = binding_certs::from_dir(&layer_dir.join(EMBEDDED_DIR))?;
    let mut warnings = Vec::new();
    let root = lookup("SERVICE_BINDING_ROOT").filter(|root| !root.is_empty());
    if let Some(root) = root.filter(|_| !layer_dir.join(NO_RUNTIME_BINDINGS).exists()) {
        let (runtime, empty) = binding_certs::from_bindings(&Bindings::read(Path::new(&root))?)?;
        files.extend(runtime);
        warnings.extend(empty);
    }
    if files.is_empty() {
        return Ok(None);
    }
    let base = bundle::base_bundle(lookup("SSL_CERT_FILE").map(PathBuf::from).as_deref());
    let base = base.and_then(|file| std::fs::read(file).ok());
    // Node reads one extra file; keep what the user already gave it.
    let node_extra = lookup("NODE_EXTRA_CA_CERTS").and_then(|file| std::fs::read(file).ok());
    let (bundle, node_extra) = write(temp_dir, base.as_deref(), node_extra.as_deref(), &files)
        .map_err(|error| errors::bundle_not_written(temp_dir, &error))?;
    Ok(Some(Trust {
        bundle,
        node_extra,
        certificates: bundle::total(&files),
        warnings,
    }))
}

fn write(
    temp_dir: &Path,
    base: Option<&[u8]>,
    node_extra: Option<&[u8]>,
    files: &[CertFile],
) -> std::io::Result<(PathBuf, PathBuf)> {
    let dir = tempfile::Builder::new()
        .prefix("ca-certificates.")
        .tempdir_in(temp_dir)?
        .keep();
    let (bundle, extra) = (dir.join("ca-certificates.crt"), dir.join("extra.crt"));
    std::fs::write(&bundle, bundle::concatenate(base, files))?;
    std::fs::write(&extra, bundle::concatenate(node_extra, files))?;
    Ok((bundle, extra))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::fs;

    const ONE: &str = include_str!("../tests/fixtures/ca-one.pem");
    const TWO: &str = include_str!("../tests/fixtures/ca-two.pem");

    struct Setup {
        root: tempfile::TempDir,
        vars: HashMap<&'static str, OsString>,
    }

    impl Setup {
        fn new() -> Self {
            let root = tempfile::tempdir().expect("temp dir");
            for dir in ["layer", "tmp", "bindings"] {
                fs::create_dir_all(root.path().join(dir)).expect("mkdir");
            }
            Self {
                root,
                vars: HashMap::new(),
            }
        }
        fn path(&self, relative: &str) -> PathBuf {
            self.root.path().join(relative)
        }
        fn file(&self, relative: &str, content: &str) {
            let path = self.path(relative);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, content).expect("write");
        }
        fn run(&self) -> Result<Option<Trust>, Error> {
            run(
                &self.path("layer"),
                |name| self.vars.get(name).cloned(),
                &self.path("tmp"),
            )
        }
    }

    fn read(file: &Path) -> String {
        fs::read_to_string(file).expect("bundle")
    }

    #[test]
    fn nothing_to_add_sets_nothing() {
        let mut setup = Setup::new();
        assert_eq!(setup.run(), Ok(None));
        setup
            .vars
            .insert("SERVICE_BINDING_ROOT", setup.path("bindings").into());
        assert_eq!(setup.run(), Ok(None));
    }

    #[test]
    fn bundles_the_base_the_embedded_and_the_runtime_certificates() {
        let mut setup = Setup::new();
        setup.file("system.crt", "SYSTEM CAS\n");
        setup.file("node-extra.crt", "USER NODE CAS\n");
        setup.file("layer/embedded/corp/corp.pem", ONE);
        setup.file("bindings/proxy/type", "ca-certificates");
        setup.file("bindings/proxy/proxy.pem", TWO);
        setup
            .vars
            .insert("SSL_CERT_FILE", setup.path("system.crt").into());
        setup
            .vars
            .insert("NODE_EXTRA_CA_CERTS", setup.path("node-extra.crt").into());
        setup
            .vars
            .insert("SERVICE_BINDING_ROOT", setup.path("bindings").into());

        let trust = setup.run().expect("valid").expect("something to add");
        assert_eq!(trust.certificates, 2);
        assert_eq!(read(&trust.bundle), format!("SYSTEM CAS\n{ONE}{TWO}"));
        assert_eq!(
            read(&trust.node_extra),
            format!("USER NODE CAS\n{ONE}{TWO}")
        );
        assert!(trust.bundle.starts_with(setup.path("tmp")));
    }

    #[test]
    fn runtime_bindings_can_be_turned_off_at_build() {
        let mut setup = Setup::new();
        setup.file(&format!("layer/{NO_RUNTIME_BINDINGS}"), "");
        setup.file("bindings/proxy/type", "ca-certificates");
        setup.file("bindings/proxy/proxy.pem", TWO);
        setup
            .vars
            .insert("SERVICE_BINDING_ROOT", setup.path("bindings").into());
        assert_eq!(setup.run(), Ok(None));
    }

    #[test]
    fn an_invalid_runtime_binding_fails_the_launch() {
        let mut setup = Setup::new();
        setup.file("bindings/proxy/type", "ca-certificates");
        setup.file(
            "bindings/proxy/proxy.pem",
            "-----BEGIN CERTIFICATE-----\nAAAA\n",
        );
        setup
            .vars
            .insert("SERVICE_BINDING_ROOT", setup.path("bindings").into());
        let error = setup.run().expect_err("invalid");
        assert_eq!(error.id, "ca-certificates/invalid-pem");
    }

    #[test]
    fn an_unwritable_temp_dir_is_explained() {
        let setup = Setup::new();
        setup.file("layer/embedded/corp/corp.pem", ONE);
        let mut error = run(
            &setup.path("layer"),
            |_| None,
            Path::new("/nonexistent/stowage-tmp"),
        )
        .expect_err("no temp dir");
        // The detail names a random folder.
        assert!(error.debug.take().is_some());
        let mut expected = errors::bundle_not_written(
            Path::new("/nonexistent/stowage-tmp"),
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        expected.debug = None;
        assert_eq!(error, expected);
    }
}
