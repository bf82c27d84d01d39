//! The `helper` launch layer: the exec.d program that trusts certificates when the app starts,
//! and the certificates embedded for it (`BP_EMBED_CERTS`).

use crate::CaCertificatesBuildpack;
use ca_certificates::binding_certs::CertFile;
use ca_certificates::bundle;
use ca_certificates::errors::write_failed;
use ca_certificates::helper::{EMBEDDED_DIR, NO_RUNTIME_BINDINGS, PROGRAM};
use libcnb::additional_buildpack_binary_path;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use stowage_kit::Error;
use stowage_kit::output::Output;

pub(crate) fn write(
    context: &BuildContext<CaCertificatesBuildpack>,
    embedded: &[CertFile],
    runtime_bindings: bool,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    output.section("Trusting certificates at launch");
    let layer = context.uncached_layer(
        layer_name!("helper"),
        UncachedLayerDefinition {
            build: false,
            launch: true,
        },
    )?;
    let dir = layer.path();
    for file in embedded {
        let path = dir.join(EMBEDDED_DIR).join(&file.binding).join(&file.key);
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &file.pem))
            .map_err(|error| write_failed(&path, &error))?;
    }
    if !embedded.is_empty() {
        output.step(&format!(
            "Embedding {} from the build's bindings (BP_EMBED_CERTS)",
            bundle::certificates(bundle::total(embedded))
        ));
    }
    if runtime_bindings {
        output.step("Trusting ca-certificates bindings mounted at runtime ($SERVICE_BINDING_ROOT)");
    } else {
        let marker = dir.join(NO_RUNTIME_BINDINGS);
        std::fs::write(&marker, "").map_err(|error| write_failed(&marker, &error))?;
        output.step("Not reading bindings at runtime (BP_RUNTIME_CERT_BINDING_DISABLED)");
    }
    output.detail("When the app starts, a helper sets SSL_CERT_FILE and NODE_EXTRA_CA_CERTS to");
    output.detail("bundles of the run image's CAs and these certificates");
    layer.write_exec_d_programs([(
        PROGRAM,
        additional_buildpack_binary_path!("ca-certificates-helper"),
    )])
}
