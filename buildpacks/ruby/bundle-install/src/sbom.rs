//! The gems layer's SBOM: the gems Gemfile.lock locks (Bundler installs exactly those).

use libcnb::data::sbom::SbomFormat;
use libcnb::sbom::Sbom;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::sbom::components::{Package, packages_cyclonedx_json};
use stowage_ruby::GemfileLock;

/// The layers' SBOM: the gems Gemfile.lock locks, read once after the installs (the first
/// may write it).
pub(crate) fn sboms(app_dir: &Path, config: &Config) -> Result<Vec<Sbom>, Error> {
    if !config.sbom_enabled()? {
        return Ok(Vec::new());
    }
    let lock = GemfileLock::read(app_dir)?.unwrap_or_default();
    Ok(vec![Sbom::from_bytes(
        SbomFormat::CycloneDxJson,
        packages_cyclonedx_json(&packages(&lock), stowage_kit::sbom::creation_time()?)?,
    )])
}

fn packages(lock: &GemfileLock) -> Vec<Package> {
    lock.gems
        .iter()
        .map(|gem| Package {
            name: gem.name.clone(),
            version: gem.version.clone(),
            purl: Some(format!("pkg:gem/{}@{}", gem.name, gem.version)),
            license: None,
            hashes: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locked_gem_with_its_purl() {
        let lock = GemfileLock::parse(
            "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.22)\n    \
             webrick (1.8.1)\n\nBUNDLED WITH\n   2.3.15\n",
        )
        .expect("parses");
        let purls: Vec<String> = packages(&lock)
            .into_iter()
            .filter_map(|package| package.purl)
            .collect();
        assert_eq!(purls, ["pkg:gem/rack@2.2.22", "pkg:gem/webrick@1.8.1"]);
    }
}
