//! exec.d program of the `helper` launch layer: trusts the embedded certificates and those of
//! `ca-certificates` bindings mounted at runtime (see `ca_certificates::helper`).

// The package's library and buildpack binary share its dependencies; some only they use. Unit tests also see the
// dev-dependencies, which only the integration tests use.
#![allow(unused_crate_dependencies)]

use ca_certificates::{bundle, errors, helper};
use libcnb::data::exec_d_program_output_key;
use std::collections::HashMap;
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::output::Output;

fn main() {
    let result = layer_dir().and_then(|layer| {
        helper::run(&layer, |name| std::env::var_os(name), &std::env::temp_dir())
    });
    match result {
        Ok(None) => {}
        Ok(Some(trust)) => {
            // stderr: stdout belongs to the app's own output.
            let mut log = Output::new(Box::new(std::io::stderr()), false);
            for warning in &trust.warnings {
                log.warning(warning);
            }
            eprintln!(
                "ca-certificates: {} added to the trusted CAs (SSL_CERT_FILE={})",
                bundle::certificates(trust.certificates),
                trust.bundle.display()
            );
            libcnb::exec_d::write_exec_d_program_output(HashMap::from([
                (
                    exec_d_program_output_key!("SSL_CERT_FILE"),
                    trust.bundle.display().to_string(),
                ),
                (
                    exec_d_program_output_key!("NODE_EXTRA_CA_CERTS"),
                    trust.node_extra.display().to_string(),
                ),
            ]));
        }
        Err(error) => {
            eprint!("{}", error.render());
            std::process::exit(1);
        }
    }
}

/// `<layer>/exec.d/<program>`: the layer is two levels up from this program.
fn layer_dir() -> Result<PathBuf, Error> {
    std::env::current_exe()
        .ok()
        .and_then(|program| Some(program.parent()?.parent()?.to_path_buf()))
        .ok_or_else(errors::helper_not_found)
}
