//! `CycloneDX` for a list of packages, such as what a package manager installed into a layer
//! (one document, many components), as opposed to the one-dependency documents of the parent.

use super::cyclonedx::SPEC_VERSION;
use super::{License, TOOL_NAME, TOOL_VERSION, classify, timestamp};
use crate::Error;
use crate::checksum::{Algorithm, Checksum};
use cyclonedx_bom::external_models::date_time::DateTime;
use cyclonedx_bom::external_models::uri::Purl;
use cyclonedx_bom::models::bom::Bom;
use cyclonedx_bom::models::component::{Classification, Component, Components};
use cyclonedx_bom::models::hash::{Hash, HashAlgorithm, HashValue, Hashes};
use cyclonedx_bom::models::license::{self, LicenseChoice, Licenses};
use cyclonedx_bom::models::metadata::Metadata;
use cyclonedx_bom::models::tool::Tools;
use time::OffsetDateTime;

/// One installed package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    pub version: String,
    /// e.g. `pkg:npm/%40scope/name@1.0.0`
    pub purl: Option<String>,
    /// An SPDX id or expression, or a free-form name when it is neither.
    pub license: Option<String>,
    pub hashes: Vec<Checksum>,
}

/// The `CycloneDX` 1.5 JSON document listing `packages` (libraries), sorted and without
/// repeats, as the bytes of `<layer>.sbom.cdx.json`.
pub fn packages_cyclonedx_json(
    packages: &[Package],
    created: OffsetDateTime,
) -> Result<Vec<u8>, Error> {
    let mut packages: Vec<&Package> = packages.iter().collect();
    packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    packages.dedup_by(|a, b| a.name == b.name && a.version == b.version);
    let timestamp = DateTime::try_from(timestamp(created)).map_err(write_failed)?;
    let tool = Component::new(Classification::Application, TOOL_NAME, TOOL_VERSION, None);
    let bom = Bom {
        version: 1,
        metadata: Some(Metadata {
            timestamp: Some(timestamp),
            tools: Some(Tools::Object {
                services: None,
                components: Some(Components(vec![tool])),
            }),
            ..Metadata::default()
        }),
        components: Some(Components(packages.into_iter().map(component).collect())),
        spec_version: SPEC_VERSION,
        ..Bom::default()
    };
    let mut bytes = Vec::new();
    bom.output_as_json(&mut bytes, SPEC_VERSION)
        .map_err(write_failed)?;
    Ok(bytes)
}

fn component(package: &Package) -> Component {
    // bom-refs must be unique; name@version is, after the dedup above.
    let bom_ref = format!("{}@{}", package.name, package.version);
    let mut component = Component::new(
        Classification::Library,
        &package.name,
        &package.version,
        Some(bom_ref),
    );
    component.purl = package
        .purl
        .as_deref()
        .and_then(|purl| purl.parse::<Purl>().ok());
    component.licenses = package.license.as_ref().and_then(|text| {
        let choice = match classify(std::slice::from_ref(text)).first()? {
            License::Id(id) => LicenseChoice::License(license::License::license_id(id)),
            License::Expression(expression) => LicenseChoice::expression(expression),
            License::Other(name) => LicenseChoice::license(name),
        };
        Some(Licenses(vec![choice]))
    });
    if !package.hashes.is_empty() {
        component.hashes = Some(Hashes(package.hashes.iter().map(hash).collect()));
    }
    component
}

fn hash(checksum: &Checksum) -> Hash {
    Hash {
        alg: match checksum.algorithm {
            Algorithm::Sha256 => HashAlgorithm::SHA_256,
            Algorithm::Sha512 => HashAlgorithm::SHA_512,
        },
        content: HashValue(checksum.hex.clone()),
    }
}

fn write_failed(detail: impl std::fmt::Display) -> Error {
    Error::new(
        "sbom/write-failed",
        "Could not write the SBOM of the installed packages",
        "This is a bug in the buildpack, not in your app. Set BP_DISABLE_SBOM=true to build \
         without SBOMs for now, and report the issue with the detail below.",
    )
    .debug(detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cyclonedx_bom::validation::Validate;

    fn package(name: &str, version: &str, license: Option<&str>) -> Package {
        Package {
            name: name.to_string(),
            version: version.to_string(),
            purl: Some(format!("pkg:npm/{}@{version}", name.replace('@', "%40"))),
            license: license.map(String::from),
            hashes: vec![
                format!("sha512:{}", "ab".repeat(64))
                    .parse()
                    .expect("checksum"),
            ],
        }
    }

    #[test]
    fn lists_each_package_once_sorted_and_valid() {
        let packages = [
            package("ms", "2.1.3", Some("MIT")),
            package("@scope/a", "1.0.0", Some("(MIT OR Apache-2.0)")),
            package("ms", "2.1.3", Some("MIT")),
            package("odd", "0.1.0", Some("SEE LICENSE IN LICENSE.txt")),
        ];
        let created = OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("time");
        let bytes = packages_cyclonedx_json(&packages, created).expect("json");
        let document: serde_json::Value = serde_json::from_slice(&bytes).expect("parse");
        let names: Vec<&str> = document["components"]
            .as_array()
            .expect("components")
            .iter()
            .map(|component| component["name"].as_str().expect("name"))
            .collect();
        assert_eq!(names, ["@scope/a", "ms", "odd"]);
        assert_eq!(
            document["components"][0]["purl"],
            "pkg:npm/%40scope/a@1.0.0"
        );
        assert_eq!(
            document["components"][0]["licenses"][0]["expression"],
            "(MIT OR Apache-2.0)"
        );
        assert_eq!(
            document["components"][1]["licenses"][0]["license"]["id"],
            "MIT"
        );
        assert_eq!(
            document["components"][2]["licenses"][0]["license"]["name"],
            "SEE LICENSE IN LICENSE.txt"
        );
        assert_eq!(document["components"][1]["hashes"][0]["alg"], "SHA-512");
        let bom = Bom::parse_from_json_v1_5(bytes.as_slice()).expect("CycloneDX 1.5");
        assert!(bom.validate_version(SPEC_VERSION).passed());
    }

    #[test]
    fn an_empty_list_is_a_valid_document() {
        let bytes = packages_cyclonedx_json(&[], OffsetDateTime::UNIX_EPOCH).expect("json");
        let bom = Bom::parse_from_json_v1_5(bytes.as_slice()).expect("CycloneDX 1.5");
        assert!(bom.validate_version(SPEC_VERSION).passed());
    }
}
