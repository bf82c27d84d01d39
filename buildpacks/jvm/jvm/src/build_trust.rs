//! At build: the build image's CA bundle and the `ca-certificates` bindings of the build in the
//! trust store of the runtime later buildpacks build with, so Maven or Gradle reach a
//! repository behind a corporate or proxy CA. Paketo's runtimes load the same at build.

use std::path::{Path, PathBuf};
use stowage_jvm::Truststore;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::certificates::system_bundle;
use stowage_kit::output::Output;

const BINDING_TYPE: &str = "ca-certificates";

/// Rewrites the runtime's `cacerts` at `home` with the bundle and the bindings.
pub(crate) fn trust_at_build(
    home: &Path,
    bindings: &Bindings,
    bundle: Option<PathBuf>,
    output: &mut Output,
) -> Result<(), Error> {
    let mut store = Truststore::default();
    let mut sources = Vec::new();
    if let Some(bundle) = bundle {
        let added = store.add_pem_file(&bundle, "jvm/bad-certificate")?;
        sources.push(format!("{} ({added})", bundle.display()));
    }
    for binding in bindings.of_type(BINDING_TYPE) {
        let mut added = 0;
        for file in binding.entries.values() {
            added += store.add_pem_file(file, "jvm/bad-certificate")?;
        }
        sources.push(format!("binding {} ({added})", binding.name));
    }
    if store.is_empty() {
        return Ok(());
    }
    let cacerts = cacerts(home);
    store
        .write(&cacerts)
        .map_err(|error| crate::errors::truststore_not_written(&cacerts, &error))?;
    output.step(&format!(
        "Trusting {} certificates at build from {}",
        store.len(),
        sources.join(", ")
    ));
    Ok(())
}

/// The build image's own bundle.
pub(crate) fn build_image_bundle() -> Option<PathBuf> {
    system_bundle()
}

/// `lib/security/cacerts`, or Java 8's `jre/lib/security/cacerts` in a JDK.
fn cacerts(home: &Path) -> PathBuf {
    let java8 = home.join("jre/lib/security/cacerts");
    if java8.is_file() {
        java8
    } else {
        home.join("lib/security/cacerts")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::output::captured::plain;

    fn pem() -> String {
        rcgen::generate_simple_self_signed(vec!["stowage-jvm-build-test".to_string()])
            .expect("certificate")
            .cert
            .pem()
    }

    #[test]
    fn the_bundle_and_the_bindings_replace_the_runtimes_cacerts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().join("jdk");
        fs_err::create_dir_all(home.join("lib/security")).expect("mkdir");
        fs_err::write(home.join("lib/security/cacerts"), "the JDK's own").expect("write");
        let bundle = dir.path().join("bundle.crt");
        fs_err::write(&bundle, pem()).expect("write");
        let binding = dir.path().join("bindings/corp");
        fs_err::create_dir_all(&binding).expect("mkdir");
        fs_err::write(binding.join("type"), "ca-certificates").expect("write");
        fs_err::write(binding.join("corp.pem"), format!("{}{}", pem(), pem())).expect("write");
        let bindings = Bindings::read(&dir.path().join("bindings")).expect("bindings");

        let (mut output, log) = plain();
        trust_at_build(&home, &bindings, Some(bundle.clone()), &mut output).expect("trusted");
        let jks = fs_err::read(home.join("lib/security/cacerts")).expect("cacerts");
        assert_eq!(jks[..4], [0xFE, 0xED, 0xFE, 0xED]);
        assert_eq!(jks[8..12], [0, 0, 0, 3]);
        let log = log.text();
        assert!(
            log.contains(&format!(
                "Trusting 3 certificates at build from {} (1), binding corp (2)",
                bundle.display()
            )),
            "{log}"
        );
    }

    #[test]
    fn a_binding_that_is_not_a_certificate_fails_the_build_naming_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let binding = dir.path().join("bindings/corp");
        fs_err::create_dir_all(&binding).expect("mkdir");
        fs_err::write(binding.join("type"), "ca-certificates").expect("write");
        fs_err::write(
            binding.join("key.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .expect("write");
        let bindings = Bindings::read(&dir.path().join("bindings")).expect("bindings");
        let error =
            trust_at_build(dir.path(), &bindings, None, &mut plain().0).expect_err("refused");
        assert_eq!(error.id, "jvm/bad-certificate");
        assert!(error.body.contains("private key"), "{}", error.body);
    }
}
