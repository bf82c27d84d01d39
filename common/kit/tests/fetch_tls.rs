//! HTTPS against the test mirror in TLS mode, whose certificate is signed by a throwaway CA:
//! untrusted by default, trusted once the CA is in an `SSL_CERT_DIR` folder, as the
//! ca-certificates buildpack arranges for a TLS-intercepting proxy.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

mod fetch_support;

use fetch_support::{Entry, Layers, dependency, gzip, quick_options, serve_tls, tar};
use stowage_kit::fetch::{Location, NoProgress, TrustSources, install};

#[test]
fn a_ca_in_ssl_cert_dir_is_trusted_and_only_then() {
    let bytes = gzip(&tar(&[Entry::File("pkg/bin/tool", b"tool", 0o755)]));
    let (root, mirror) = serve_tls(&[("tool.tar.gz", &bytes)]);
    let cert_dir = root.path().join("certs");
    std::fs::create_dir(&cert_dir).expect("cert dir");
    std::fs::write(
        cert_dir.join("corp-ca.pem"),
        mirror.ca_pem().expect("a TLS mirror has a CA"),
    )
    .expect("ca");
    let dependency = dependency(&mirror.uri("tool.tar.gz"), &bytes, 1);
    assert!(dependency.uri.starts_with("https://127.0.0.1:"));
    let options = quick_options();

    let layers = Layers::new();
    let error = install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &options,
        &mut NoProgress,
    )
    .expect_err("the web PKI roots do not know the test CA");
    assert_eq!(error.id, "fetch/tls-failed", "{}", error.render());
    assert_eq!(layers.listing(), ["node"]);

    let trusting = stowage_kit::fetch::FetchOptions {
        trust: TrustSources {
            cert_file: None,
            cert_dirs: vec![cert_dir],
        },
        ..options
    };
    let layers = Layers::new();
    install(
        &dependency,
        &Location::upstream(&dependency),
        &layers.target,
        &trusting,
        &mut NoProgress,
    )
    .expect("trusted through SSL_CERT_DIR");
    assert_eq!(
        std::fs::read(layers.target.join("bin/tool")).expect("tool"),
        b"tool"
    );
}
