//! At launch: the CA bundle of the image (`SSL_CERT_FILE`, `SSL_CERT_DIR`) and the
//! `ca-certificates` bindings the app is given, in a trust store the JVM uses, as Paketo's
//! openssl-certificate-loader does. A base-image update (`pack rebase`) or a new binding then
//! reaches Java without a rebuild. The layer is read-only at launch, so the store goes to the
//! temp folder.

use crate::errors::{trust_source_skipped, truststore_not_written};
use crate::launch_options::Addition;
use crate::tool_options::ToolOptions;
use crate::truststore::Truststore;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::certificates::SYSTEM_BUNDLES;
use stowage_kit::config::Config;

const FLAG: &str = "-Djavax.net.ssl.trustStore=";
const FILE_NAME: &str = "stowage-jvm-truststore.jks";
const BINDING_TYPE: &str = "ca-certificates";

/// The trust store flag and what went into it; warnings for sources that could not be used.
pub(crate) fn launch_trust(
    config: &Config,
    root: &Path,
    user: &ToolOptions,
) -> (Option<Addition>, Vec<Error>) {
    if user.has(FLAG) {
        let message = "Trust store: JAVA_TOOL_OPTIONS names one (javax.net.ssl.trustStore); kept";
        return (
            Some(Addition {
                message: Some(message.to_string()),
                ..Addition::default()
            }),
            vec![],
        );
    }
    let mut store = Truststore::default();
    let mut warnings = Vec::new();
    let mut sources = Vec::new();
    for (source, files) in bundle_files(config, root) {
        let mut added = 0;
        for file in files {
            match store.add_pem_file(&root.join(rootless(&file)), "jvm/bad-certificate") {
                Ok(count) => added += count,
                Err(error) => warnings.push(trust_source_skipped(&error)),
            }
        }
        sources.push(format!("{source} ({added})"));
    }
    let binding_root = config.string("SERVICE_BINDING_ROOT").unwrap_or_default();
    if !binding_root.is_empty() {
        match Bindings::read(&root.join(rootless(Path::new(&binding_root)))) {
            Ok(bindings) => {
                for binding in bindings.of_type(BINDING_TYPE) {
                    let mut added = 0;
                    for file in binding.entries.values() {
                        match store.add_pem_file(file, "jvm/bad-certificate") {
                            Ok(count) => added += count,
                            Err(error) => warnings.push(trust_source_skipped(&error)),
                        }
                    }
                    sources.push(format!("binding {} ({added})", binding.name));
                }
            }
            Err(error) => warnings.push(trust_source_skipped(&error)),
        }
    }
    if store.is_empty() {
        return (None, warnings);
    }
    let tmp = PathBuf::from(config.string("TMPDIR").unwrap_or_else(|| "/tmp".into()));
    let file = tmp.join(FILE_NAME);
    if let Err(error) = store.write(&root.join(rootless(&file))) {
        warnings.push(truststore_not_written(&file, &error));
        return (None, warnings);
    }
    let addition = Addition {
        flags: vec![format!("{FLAG}{}", file.display())],
        message: Some(format!(
            "Trust store: {} certificates from {} in {}",
            store.len(),
            sources.join(", "),
            file.display()
        )),
        env: vec![],
    };
    (Some(addition), warnings)
}

/// `SSL_CERT_FILE` (else the first system bundle there is), then the files of each
/// `SSL_CERT_DIR` folder that are PEM certificates by name (OpenSSL's hash links and `.pem`/
/// `.crt` files): each source with its files.
fn bundle_files(config: &Config, root: &Path) -> Vec<(String, Vec<PathBuf>)> {
    let mut sources = Vec::new();
    let file = match config
        .string("SSL_CERT_FILE")
        .filter(|file| !file.is_empty())
    {
        Some(file) => Some(PathBuf::from(file)),
        None => SYSTEM_BUNDLES
            .iter()
            .map(PathBuf::from)
            .find(|bundle| root.join(rootless(bundle)).is_file()),
    };
    if let Some(file) = file {
        sources.push((file.display().to_string(), vec![file]));
    }
    for dir in config.string("SSL_CERT_DIR").unwrap_or_default().split(':') {
        if dir.is_empty() {
            continue;
        }
        let Ok(listing) = std::fs::read_dir(root.join(rootless(Path::new(dir)))) else {
            continue;
        };
        let mut names: Vec<String> = listing
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| is_certificate_name(name))
            .collect();
        names.sort();
        let files = names.iter().map(|name| Path::new(dir).join(name)).collect();
        sources.push((format!("SSL_CERT_DIR {dir}"), files));
    }
    sources
}

/// `<8 hex digits>.<n>` (OpenSSL's hash links), `*.pem` or `*.crt`.
fn is_certificate_name(name: &str) -> bool {
    let hashed = name.split_once('.').is_some_and(|(hash, n)| {
        hash.len() == 8
            && hash.chars().all(|c| c.is_ascii_hexdigit())
            && !n.is_empty()
            && n.chars().all(|c| c.is_ascii_digit())
    });
    hashed
        || Path::new(name)
            .extension()
            .is_some_and(|extension| extension == "pem" || extension == "crt")
}

fn rootless(path: &Path) -> &Path {
    path.strip_prefix("/").unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{env, root, test_ca_pem};

    fn trust(
        files: &[(&str, &str)],
        pairs: &[(&str, &str)],
    ) -> (tempfile::TempDir, Option<Addition>, Vec<Error>) {
        let root = root(files);
        fs_err::create_dir_all(root.path().join("tmp")).expect("tmp");
        let env = env(pairs);
        let (addition, warnings) =
            launch_trust(&Config::new(&env), root.path(), &ToolOptions::parse(""));
        (root, addition, warnings)
    }

    #[test]
    fn the_system_bundle_and_bindings_go_into_one_store_in_the_temp_folder() {
        let (system, binding) = (test_ca_pem(), test_ca_pem());
        let (root, addition, warnings) = trust(
            &[
                ("etc/ssl/certs/ca-certificates.crt", &system),
                ("bindings/corp-ca/type", "ca-certificates\n"),
                ("bindings/corp-ca/ca.pem", &binding),
                ("bindings/db/type", "mysql\n"),
                ("bindings/db/ca.pem", "not read"),
            ],
            &[("SERVICE_BINDING_ROOT", "/bindings")],
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let addition = addition.expect("a trust store");
        assert_eq!(
            addition.flags,
            ["-Djavax.net.ssl.trustStore=/tmp/stowage-jvm-truststore.jks"]
        );
        assert_eq!(
            addition.message.as_deref(),
            Some(
                "Trust store: 2 certificates from /etc/ssl/certs/ca-certificates.crt (1), \
                 binding corp-ca (1) in /tmp/stowage-jvm-truststore.jks"
            )
        );
        let jks = fs_err::read(root.path().join("tmp/stowage-jvm-truststore.jks")).expect("store");
        assert_eq!(jks[8..12], [0, 0, 0, 2], "two entries");
    }

    #[test]
    fn a_trust_store_the_user_names_is_kept() {
        let root = root(&[("etc/ssl/certs/ca-certificates.crt", &test_ca_pem())]);
        let env = env(&[]);
        let user = ToolOptions::parse("-Djavax.net.ssl.trustStore=/app/trust.jks");
        let (addition, _) = launch_trust(&Config::new(&env), root.path(), &user);
        let addition = addition.expect("a message");
        assert!(addition.flags.is_empty());
        assert!(!root.path().join("tmp/stowage-jvm-truststore.jks").exists());
    }

    #[test]
    fn a_bad_binding_file_is_skipped_with_a_warning_and_the_rest_is_trusted() {
        let (_root, addition, warnings) = trust(
            &[
                ("etc/ssl/certs/ca-certificates.crt", &test_ca_pem()),
                ("b/broken/type", "ca-certificates"),
                (
                    "b/broken/ca.pem",
                    "-----BEGIN CERTIFICATE-----\nnot base64!\n",
                ),
            ],
            &[("SERVICE_BINDING_ROOT", "/b")],
        );
        assert!(addition.is_some_and(|addition| addition.flags.len() == 1));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].id, "jvm/trust-source-skipped");
    }

    #[test]
    fn without_any_certificate_the_runtime_keeps_its_own() {
        let (_root, addition, warnings) = trust(&[], &[]);
        assert!(addition.is_none());
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_read_only_temp_folder_warns_and_keeps_the_runtimes_store() {
        let (root, addition, warnings) = trust(
            &[("etc/ssl/certs/ca-certificates.crt", &test_ca_pem())],
            &[("TMPDIR", "/no-such-folder")],
        );
        assert!(addition.is_none());
        let rendered = warnings[0]
            .render_warning()
            .replace(&root.path().display().to_string(), "<root>");
        insta::assert_snapshot!(rendered);
    }

    #[test]
    fn a_cert_dir_adds_what_the_bundle_lacks_in_one_summary() {
        let (bundled, extra) = (test_ca_pem(), test_ca_pem());
        let (_root, addition, warnings) = trust(
            &[
                ("etc/ssl/certs/ca-certificates.crt", &bundled),
                ("certs/5ad8a5d6.0", &bundled),
                ("certs/corp.pem", &extra),
                ("certs/README", "not a certificate"),
            ],
            &[("SSL_CERT_DIR", "/certs")],
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            addition.and_then(|addition| addition.message).as_deref(),
            Some(
                "Trust store: 2 certificates from /etc/ssl/certs/ca-certificates.crt (1), \
                 SSL_CERT_DIR /certs (1) in /tmp/stowage-jvm-truststore.jks"
            )
        );
    }

    #[test]
    fn certificate_names_in_a_cert_dir() {
        for name in ["5ad8a5d6.0", "ca.pem", "corp.crt"] {
            assert!(is_certificate_name(name), "{name}");
        }
        for name in ["README", "5ad8a5d6.r0", "ca.key", "ca-certificates.conf"] {
            assert!(!is_certificate_name(name), "{name}");
        }
    }
}
