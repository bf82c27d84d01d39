//! The `build-certificates` layer: the binding certificates trusted by later buildpacks (their
//! downloads, npm, bundler, composer, curl), through a build-only env.
//!
//! - `SSL_CERT_FILE`: the current bundle (`SSL_CERT_FILE` or the system's) + the certificates;
//!   OpenSSL and Go read it, and so does the kit's downloader.
//! - `SSL_CERT_DIR`: prepended with a folder of the certificates, one file each; Go and the
//!   kit's downloader read every file in it (OpenSSL would need hashed names, and has the bundle).
//! - `NODE_EXTRA_CA_CERTS`: the certificates, for Node without `--use-openssl-ca`.

use crate::CaCertificatesBuildpack;
use ca_certificates::binding_certs::CertFile;
use ca_certificates::bundle;
use ca_certificates::errors::write_failed;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::output::Output;

pub(crate) fn write(
    context: &BuildContext<CaCertificatesBuildpack>,
    files: &[CertFile],
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    output.section("Trusting them during the build (later buildpacks)");
    let layer = context.uncached_layer(
        layer_name!("build-certificates"),
        UncachedLayerDefinition {
            build: true,
            launch: false,
        },
    )?;
    let dir = layer.path();
    let current = std::env::var_os("SSL_CERT_FILE").map(PathBuf::from);
    let base_path = bundle::base_bundle(current.as_deref());
    let base = base_path.as_ref().and_then(|file| std::fs::read(file).ok());
    let node_extra =
        std::env::var_os("NODE_EXTRA_CA_CERTS").and_then(|file| std::fs::read(file).ok());

    let bundle_file = dir.join("ca-certificates.crt");
    write_file(&bundle_file, &bundle::concatenate(base.as_deref(), files))?;
    let extra_file = dir.join("extra.crt");
    write_file(
        &extra_file,
        &bundle::concatenate(node_extra.as_deref(), files),
    )?;
    let certs_dir = dir.join("certs");
    for (index, file) in files.iter().enumerate() {
        // Numbered, so `a-b`/`c` and `a`/`b-c` cannot collide.
        let name = format!("{:03}-{}-{}", index + 1, file.binding, file.key);
        write_file(&certs_dir.join(name), &file.pem)?;
    }

    let count = bundle::certificates(bundle::total(files));
    output.step(&match &base_path {
        Some(base) => format!("SSL_CERT_FILE: {} + {count}", base.display()),
        None => format!("SSL_CERT_FILE: {count} (this build image has no system CA bundle)"),
    });
    output.step("SSL_CERT_DIR: a folder of the binding certificates, searched first");
    output.step("NODE_EXTRA_CA_CERTS: the binding certificates");
    let env = LayerEnv::new()
        .chainable_insert(
            Scope::Build,
            ModificationBehavior::Override,
            "SSL_CERT_FILE",
            &bundle_file,
        )
        .chainable_insert(
            Scope::Build,
            ModificationBehavior::Prepend,
            "SSL_CERT_DIR",
            &certs_dir,
        )
        .chainable_insert(
            Scope::Build,
            ModificationBehavior::Delimiter,
            "SSL_CERT_DIR",
            ":",
        )
        .chainable_insert(
            Scope::Build,
            ModificationBehavior::Override,
            "NODE_EXTRA_CA_CERTS",
            &extra_file,
        );
    layer.write_env(env)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    path.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(path, bytes))
        .map_err(|error| write_failed(path, &error))
}
