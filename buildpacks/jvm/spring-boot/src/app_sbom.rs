//! The SBOM a Spring Boot 3.3+ jar carries when it was built with the `CycloneDX` plugin
//! (`Sbom-Location` in the manifest). Spring's own jars are built with Gradle and hold no
//! `pom.properties`, so only the build's SBOM knows their Maven coordinates: its purls fill
//! the ones the jars could not give.

use crate::app::BootApp;
use crate::errors;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::sbom::components::Package;

/// A build SBOM is a few hundred kilobytes; one larger than this is not read.
const LIMIT: u64 = 16 * 1024 * 1024;

/// What the app's own SBOM gave: its path in the app and how many purls it filled.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Filled {
    pub location: PathBuf,
    pub purls: usize,
}

/// Fills missing purls of `packages` from the app's SBOM (same name and version). `Ok(None)`
/// when the manifest names no SBOM; an SBOM that cannot be read is a warning, not a failure:
/// the image is still good.
pub(crate) fn fill_purls(
    app: &Path,
    boot: &BootApp,
    packages: &mut [Package],
) -> Result<Option<Filled>, Error> {
    let Some(location) = boot
        .manifest
        .get("Sbom-Location")
        .map(|location| PathBuf::from(location.trim().trim_start_matches('/')))
    else {
        return Ok(None);
    };
    let path = app.join(&location);
    let document = read(&path).map_err(|detail| errors::unusable_app_sbom(&location, &detail))?;
    let mut known: HashMap<(String, String), String> = HashMap::new();
    collect(&document["components"], &mut known);
    let mut purls = 0;
    for package in packages.iter_mut().filter(|package| package.purl.is_none()) {
        if let Some(purl) = known.get(&(package.name.clone(), package.version.clone())) {
            package.purl = Some(purl.clone());
            purls += 1;
        }
    }
    Ok(Some(Filled { location, purls }))
}

fn read(path: &Path) -> Result<serde_json::Value, String> {
    let size = std::fs::metadata(path)
        .map_err(|error| error.to_string())?
        .len();
    if size > LIMIT {
        return Err(format!("{size} bytes, more than an SBOM of an app holds"));
    }
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    let document: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|error| error.to_string())?;
    if document["bomFormat"] != "CycloneDX" {
        return Err("not a CycloneDX JSON document (no \"bomFormat\": \"CycloneDX\")".into());
    }
    Ok(document)
}

/// (name, version) → purl of every component, nested ones too.
fn collect(components: &serde_json::Value, known: &mut HashMap<(String, String), String>) {
    for component in components.as_array().into_iter().flatten() {
        if let (Some(name), Some(version), Some(purl)) = (
            component["name"].as_str(),
            component["version"].as_str(),
            component["purl"].as_str(),
        ) {
            known
                .entry((name.to_string(), version.to_string()))
                .or_insert_with(|| purl.to_string());
        }
        collect(&component["components"], known);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_jvm::Manifest;

    fn boot(manifest: &str) -> BootApp {
        BootApp {
            version: "3.5.7".into(),
            manifest: Manifest::parse(manifest.as_bytes()).expect("manifest"),
            classes: "BOOT-INF/classes".into(),
            lib: "BOOT-INF/lib".into(),
            classpath_index: None,
            layers_index: None,
        }
    }

    fn package(name: &str, purl: Option<&str>) -> Package {
        Package {
            name: name.into(),
            version: "3.5.7".into(),
            purl: purl.map(String::from),
            license: None,
            hashes: vec![],
        }
    }

    #[test]
    fn the_builds_sbom_fills_the_purls_the_jars_lack() {
        let app = tempfile::tempdir().expect("temp dir");
        let sbom = app.path().join("META-INF/sbom/application.cdx.json");
        fs_err::create_dir_all(sbom.parent().expect("parent")).expect("mkdir");
        fs_err::write(
            &sbom,
            r#"{"bomFormat": "CycloneDX", "components": [
                {"name": "spring-boot", "version": "3.5.7",
                 "purl": "pkg:maven/org.springframework.boot/spring-boot@3.5.7?type=jar",
                 "components": [{"name": "inner", "version": "3.5.7", "purl": "pkg:maven/x/inner@3.5.7"}]},
                {"name": "snakeyaml", "version": "3.5.7", "purl": "pkg:maven/other/snakeyaml@3.5.7"}
            ]}"#,
        )
        .expect("write");
        let mut packages = vec![
            package("spring-boot", None),
            package("inner", None),
            package("snakeyaml", Some("pkg:maven/org.yaml/snakeyaml@3.5.7")),
            package("unlisted", None),
        ];
        let boot = boot("Sbom-Location: META-INF/sbom/application.cdx.json\n");
        let filled = fill_purls(app.path(), &boot, &mut packages).expect("read");
        assert_eq!(
            filled,
            Some(Filled {
                location: "META-INF/sbom/application.cdx.json".into(),
                purls: 2
            })
        );
        let purls: Vec<Option<&str>> = packages.iter().map(|p| p.purl.as_deref()).collect();
        assert_eq!(
            purls,
            [
                Some("pkg:maven/org.springframework.boot/spring-boot@3.5.7?type=jar"),
                Some("pkg:maven/x/inner@3.5.7"),
                Some("pkg:maven/org.yaml/snakeyaml@3.5.7"),
                None
            ]
        );
    }

    #[test]
    fn no_location_means_nothing_to_read_and_a_bad_file_is_named() {
        let app = tempfile::tempdir().expect("temp dir");
        let mut packages = vec![package("spring-boot", None)];
        assert_eq!(
            fill_purls(app.path(), &boot("Main-Class: x\n"), &mut packages),
            Ok(None)
        );
        fs_err::write(app.path().join("bom.json"), "{\"not\": \"cyclonedx\"}").expect("write");
        let error = fill_purls(
            app.path(),
            &boot("Sbom-Location: bom.json\n"),
            &mut packages,
        )
        .expect_err("refused");
        insta::assert_snapshot!(error.render());
    }
}
