//! `scripts/package`: packages every buildpack and meta-buildpack of the workspace.
//! Usage: package <binaries-dir> <out-dir> [--inventory <name>=<file.toml>]...
//! An `--inventory` replaces `dependency-metadata/<name>.toml` for this packaging.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use stowage_scripts::package::Packager;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || -> ! {
        eprintln!("usage: package <binaries-dir> <out-dir> [--inventory <name>=<file.toml>]...");
        std::process::exit(2);
    };
    let [binaries_dir, out_dir, options @ ..] = args.as_slice() else {
        usage()
    };
    let mut inventory_overrides = BTreeMap::new();
    for pair in options.chunks(2) {
        let [flag, value] = pair else { usage() };
        let (Some((name, file)), "--inventory") = (value.split_once('='), flag.as_str()) else {
            usage()
        };
        let inventory = fs_err::read_to_string(file)
            .map_err(|error| error.to_string())
            .and_then(|text| {
                text.parse::<toml::Table>()
                    .map_err(|error| error.to_string())
            });
        match inventory {
            Ok(inventory) => inventory_overrides.insert(name.to_string(), inventory),
            Err(error) => {
                eprintln!("package: inventory {file}: {error}");
                std::process::exit(2);
            }
        };
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let packager = Packager {
        metadata_dir: root.join("dependency-metadata"),
        binaries_dir: PathBuf::from(binaries_dir),
        inventory_overrides,
    };
    let mut failed = false;
    // Component buildpacks live in buildpacks/<family>/<name>, meta-buildpacks one level up.
    for pattern in ["buildpacks/*/*", "meta-buildpacks/*"] {
        let mut sources: Vec<PathBuf> = folders_matching(&root, pattern)
            .into_iter()
            .filter(|path| path.join("buildpack.toml").is_file())
            .collect();
        sources.sort();
        for source in sources {
            match packager.package(&source, Path::new(out_dir)) {
                Ok(target) => println!("packaged {}", target.display()),
                Err(error) => {
                    eprintln!("failed to package {}: {error}", source.display());
                    failed = true;
                }
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// The folders `<root>/<a>/*` or `<root>/<a>/*/*` for a pattern `a/*` or `a/*/*`.
fn folders_matching(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut parts = pattern.split('/');
    let mut folders = vec![root.join(parts.next().unwrap_or_default())];
    for _ in parts {
        folders = folders
            .iter()
            .filter_map(|folder| fs_err::read_dir(folder).ok())
            .flatten()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_dir())
            .collect();
    }
    folders
}
