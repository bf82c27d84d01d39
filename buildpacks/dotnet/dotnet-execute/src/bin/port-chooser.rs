//! exec.d program of dotnet-execute (Paketo's port-chooser): unless `ASPNETCORE_URLS` is set,
//! sets it to `http://0.0.0.0:$PORT` (8080 when `PORT` is unset or not a number).

// The buildpack's binaries share their dependencies; this one uses only libcnb.
#![allow(unused_crate_dependencies)]

#[path = "../urls.rs"]
mod urls;

use libcnb::data::exec_d::ExecDProgramOutputKey;
use std::collections::HashMap;

fn main() {
    let mut output: HashMap<ExecDProgramOutputKey, String> = HashMap::new();
    if let Some(value) = urls::aspnetcore_urls(
        std::env::var("ASPNETCORE_URLS").ok().as_deref(),
        std::env::var("PORT").ok().as_deref(),
    ) && let Ok(key) = "ASPNETCORE_URLS".parse()
    {
        output.insert(key, value);
    }
    libcnb::exec_d::write_exec_d_program_output(output);
}
