//! `scripts/package`: packages every buildpack and meta-buildpack of the workspace.
//! Usage: package <binaries-dir> <out-dir>

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use stowage_scripts::package::Packager;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [binaries_dir, out_dir] = args.as_slice() else {
        eprintln!("usage: package <binaries-dir> <out-dir>");
        std::process::exit(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let packager = Packager {
        metadata_dir: root.join("dependency-metadata"),
        binaries_dir: PathBuf::from(binaries_dir),
        inventory_overrides: BTreeMap::new(),
    };
    let mut failed = false;
    for kind in ["buildpacks", "meta-buildpacks"] {
        let Ok(entries) = fs_err::read_dir(root.join(kind)) else {
            continue;
        };
        let mut sources: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
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
