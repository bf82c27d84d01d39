//! `--offline`: a component buildpack's package carries the dependency files its inventory
//! could install on the target stack, inside the buildpack at `dependencies/<checksum>/<file>`
//! (Paketo's layout, where the kit looks before any mirror or download). Each file is fetched
//! once into the stowage cache, from the entry's URI or the mirror/mapping the packaging
//! environment sets, and its checksum verified before it is bundled.

use std::io::Read;
use std::path::{Path, PathBuf};
use stowage_kit::checksum::Hasher;
use stowage_kit::fetch::{self, FetchOptions, NoProgress};
use stowage_kit::inventory::{Dependency, Inventory, Target};
use toml::Table;

use crate::Result;

/// What an offline package bundles, and where fetched files are kept between runs.
pub struct Offline {
    pub target: Target,
    pub cache: PathBuf,
}

/// One dependency file of a buildpack: its path inside the buildpack and the verified copy.
pub struct Bundled {
    pub path: String,
    pub file: PathBuf,
}

impl Offline {
    /// `--target os/arch[:distro@version]` as pack writes it; Debian 12 (our stack) by default.
    pub fn new(target: Option<&str>, cache: PathBuf) -> Result<Self> {
        let target = match target {
            None => Target::new("linux", crate::oci::host_arch(), "debian", "12"),
            Some(text) => parse_target(text)?,
        };
        Ok(Self { target, cache })
    }

    /// The files the buildpack in `dir` bundles: every entry of its `[metadata]` inventory
    /// that fits the target, fetched and verified. None for a buildpack with no inventory.
    pub fn bundle(&self, dir: &Path) -> Result<Vec<Bundled>> {
        let path = dir.join("buildpack.toml");
        let descriptor: Table = fs_err::read_to_string(&path)?
            .parse()
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let Some(metadata) = descriptor.get("metadata") else {
            return Ok(Vec::new());
        };
        let inventory: Inventory = metadata
            .clone()
            .try_into()
            .map_err(|error| format!("{} [metadata]: {error}", path.display()))?;
        let mut bundled = Vec::new();
        for dependency in inventory
            .dependencies
            .iter()
            .filter(|dependency| self.target.fits(dependency))
        {
            let relative = fetch::bundled_path(dependency);
            bundled.push(Bundled {
                path: relative.to_string_lossy().into_owned(),
                file: self.fetch(dependency, &relative)?,
            });
        }
        Ok(bundled)
    }

    /// The verified copy of `dependency` in the cache, downloaded when missing or wrong.
    fn fetch(&self, dependency: &Dependency, relative: &Path) -> Result<PathBuf> {
        let cached = self.cache.join(relative);
        if cached.is_file() && matches(dependency, &cached)? {
            return Ok(cached);
        }
        let dir = cached.parent().ok_or("a bundled path has a folder")?;
        fs_err::create_dir_all(dir)?;
        let env = libcnb::Env::from_current();
        let bindings = stowage_kit::platform::bindings()?;
        let location = fetch::locate(dependency, &env, &bindings)?;
        let what = format!("{} {}", dependency.display_name(), dependency.version);
        eprintln!("Bundling {what} from {}", location.display_uri());
        // Outside the checksum's folder, which holds nothing but the verified file.
        let scratch = tempfile::NamedTempFile::new_in(&self.cache)?;
        fetch::download_to(
            &what,
            &location.uri,
            scratch.path(),
            &FetchOptions::from_process_env(),
            &mut NoProgress,
        )?;
        if !matches(dependency, scratch.path())? {
            return Err(format!(
                "{what} from {} does not match its checksum {}: nothing was bundled. Check that \
                 the mirror or mapping serves the exact file the inventory pins.",
                location.display_uri(),
                dependency.checksum
            )
            .into());
        }
        scratch.persist(&cached)?;
        Ok(cached)
    }
}

/// Whether the file's bytes have the entry's checksum (in the entry's algorithm).
fn matches(dependency: &Dependency, path: &Path) -> Result<bool> {
    let mut hasher = Hasher::new(dependency.checksum.algorithm);
    let mut file = fs_err::File::open(path)?;
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher
        .finish()
        .hex
        .eq_ignore_ascii_case(&dependency.checksum.hex))
}

fn parse_target(text: &str) -> Result<Target> {
    let usage =
        || format!("--target {text}: use os/arch[:distro@version], e.g. linux/amd64:ubuntu@22.04");
    let (platform, distro) = text.split_once(':').unwrap_or((text, ""));
    let (os, arch) = platform.split_once('/').ok_or_else(usage)?;
    let (name, version) = if distro.is_empty() {
        ("", "")
    } else {
        distro.split_once('@').ok_or_else(usage)?
    };
    if os.is_empty() || arch.is_empty() {
        return Err(usage().into());
    }
    Ok(Target::new(os, arch, name, version))
}

#[cfg(test)]
mod tests;
