//! Prints the inventory of the locally assembled Node.js distributions (the ones the tests
//! use, built from the npm registry by scripts/lib/artifacts.sh), with URIs under `base_uri`.
//! `scripts/build-app --dependencies local` packages node-engine with it.
//!
//! Usage: local-inventory <artifacts-dir> <base-uri>

use integration_tests::node_artifacts::node_inventory_in;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [artifacts_dir, base_uri] = args.as_slice() else {
        eprintln!("usage: local-inventory <artifacts-dir> <base-uri>");
        std::process::exit(2);
    };
    let inventory = node_inventory_in(Path::new(artifacts_dir), base_uri);
    match toml::to_string(&inventory) {
        Ok(text) => print!("{text}"),
        Err(error) => {
            eprintln!("local-inventory: {error}");
            std::process::exit(1);
        }
    }
}
