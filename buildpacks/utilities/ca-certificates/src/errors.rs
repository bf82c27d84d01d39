//! The errors the ca-certificates buildpack and its launch helper report, beyond the ones the
//! kit makes. They live in the library, which the buildpack and the helper binary share.

use crate::binding_certs::BINDING_TYPE;
use std::path::Path;
use stowage_kit::Error;

/// A build error: a file of the buildpack's layer could not be written.
#[must_use]
pub fn write_failed(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "ca-certificates/write-failed",
        "A certificate file could not be written into the buildpack's layer",
        "Check that the build has space left on its disk; this is not caused by the certificates.",
    )
    .file(path)
    .debug(error)
}

/// Key `key` of binding `binding`, at `path`, could not be read.
#[must_use]
pub fn unreadable_key(binding: &str, key: &str, path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "ca-certificates/unreadable",
        format!("Key {key} of binding {binding} could not be read"),
        "Check that the binding's files are readable by the user the build or app runs as.",
    )
    .binding(binding)
    .debug(format!("{}: {error}", path.display()))
}

/// The folder of certificates embedded in the image could not be listed.
#[must_use]
pub fn unreadable_embedded(dir: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "ca-certificates/unreadable",
        "The embedded certificates could not be read",
        "The image's certificate folder is unreadable; rebuild the image.",
    )
    .file(dir)
    .debug(error)
}

/// `problem` says why key `key` of binding `binding` holds no certificate.
#[must_use]
pub fn invalid_pem(binding: &str, key: &str, problem: &str) -> Error {
    Error::new(
        "ca-certificates/invalid-pem",
        format!("Key {key} of binding {binding} is not a PEM certificate"),
        format!(
            "{problem}\n\
             Each key of a {BINDING_TYPE} binding is a file name, and its value one or more PEM\n\
             certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----).\n\
             Put the CA certificate in that key, or remove the key."
        ),
    )
    .binding(binding)
}

/// A warning: the binding `name` has no keys.
#[must_use]
pub fn empty_binding(name: &str) -> Error {
    Error::new(
        "ca-certificates/empty-binding",
        format!("Binding {name} has no certificates"),
        format!(
            "A {BINDING_TYPE} binding holds one key (file) per certificate, besides `type`.\n\
             Add the CA certificate as a key such as `corporate-ca.pem`, or remove the binding."
        ),
    )
    .binding(name)
}

/// At launch: the helper could not write the bundle into `temp_dir`.
#[must_use]
pub fn bundle_not_written(temp_dir: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "ca-certificates/bundle-not-written",
        "The CA bundle for the app could not be written",
        "Before the app starts, the ca-certificates helper writes a CA bundle to the temp folder\n\
         ($TMPDIR, else /tmp). Make that folder writable, e.g. mount an emptyDir volume at /tmp,\n\
         or build with BP_RUNTIME_CERT_BINDING_DISABLED=true and without BP_EMBED_CERTS.",
    )
    .file(temp_dir)
    .debug(error)
}

/// At launch: the helper binary is not where its layer put it.
#[must_use]
pub fn helper_not_found() -> Error {
    Error::new(
        "ca-certificates/helper-not-found",
        "The ca-certificates helper cannot find its own layer",
        "The helper runs from <layer>/exec.d when the app starts; rebuild the image if it was changed.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_file() {
        let error = write_failed(
            Path::new("/layers/x/ca-certificates.crt"),
            &std::io::Error::other("no space left on device"),
        );
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn an_unreadable_key_names_binding_and_key() {
        let error = unreadable_key(
            "corp",
            "corp.pem",
            Path::new("/bindings/corp/corp.pem"),
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn unreadable_embedded_certificates_say_to_rebuild() {
        let error = unreadable_embedded(
            Path::new("/layers/ca-certificates/embedded"),
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn a_key_that_is_not_a_certificate_names_binding_and_key() {
        let problem = "It holds no PEM certificate (a `-----BEGIN CERTIFICATE-----` section).";
        insta::assert_snapshot!(invalid_pem("corp", "corp.pem", problem).render());
    }

    #[test]
    fn a_binding_without_keys_warns() {
        insta::assert_snapshot!(empty_binding("corp").render());
    }

    #[test]
    fn an_unwritable_temp_dir_is_explained() {
        let mut error = bundle_not_written(
            Path::new("/nonexistent/stowage-tmp"),
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        // At launch the detail names a random folder.
        error.debug = None;
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn a_lost_helper_says_to_rebuild() {
        insta::assert_snapshot!(helper_not_found().render());
    }
}
