//! `CycloneDX` 1.5 JSON, built with the `cyclonedx-bom` crate.

use super::{
    License, TOOL_NAME, TOOL_VERSION, classify, distinct_source, identity_uuid, license_expression,
    purl, timestamp, write_failed,
};
use crate::Error;
use crate::checksum::{Algorithm, Checksum};
use crate::inventory::Dependency;
use cyclonedx_bom::external_models::date_time::DateTime;
use cyclonedx_bom::external_models::uri::{Purl, Uri};
use cyclonedx_bom::models::bom::{Bom, SpecVersion, UrnUuid};
use cyclonedx_bom::models::component::{Classification, Component, Components, Cpe};
use cyclonedx_bom::models::external_reference::{
    ExternalReference, ExternalReferenceType, ExternalReferences,
};
use cyclonedx_bom::models::hash::{Hash, HashAlgorithm, HashValue, Hashes};
use cyclonedx_bom::models::license::{self, LicenseChoice, Licenses};
use cyclonedx_bom::models::metadata::Metadata;
use cyclonedx_bom::models::tool::Tools;
use time::OffsetDateTime;

pub(super) const SPEC_VERSION: SpecVersion = SpecVersion::V1_5;

/// The dependency's `CycloneDX` document, as the bytes of `<layer>.sbom.cdx.json`.
pub fn cyclonedx_json(dependency: &Dependency, created: OffsetDateTime) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    bom(dependency, created)?
        .output_as_json(&mut bytes, SPEC_VERSION)
        .map_err(|error| write_failed(dependency, error))?;
    Ok(bytes)
}

fn bom(dependency: &Dependency, created: OffsetDateTime) -> Result<Bom, Error> {
    let timestamp =
        DateTime::try_from(timestamp(created)).map_err(|error| write_failed(dependency, error))?;
    let tool = Component::new(Classification::Application, TOOL_NAME, TOOL_VERSION, None);
    Ok(Bom {
        version: 1,
        // Derived, not random, so the same dependency always yields the same document.
        serial_number: Some(UrnUuid(format!("urn:uuid:{}", identity_uuid(dependency)))),
        metadata: Some(Metadata {
            timestamp: Some(timestamp),
            tools: Some(Tools::Object {
                services: None,
                components: Some(Components(vec![tool])),
            }),
            ..Metadata::default()
        }),
        components: Some(Components(vec![component(dependency)])),
        spec_version: SPEC_VERSION,
        ..Bom::default()
    })
}

fn component(dependency: &Dependency) -> Component {
    // Dependencies are runtimes and tools people run, not libraries linked into the app.
    let mut component = Component::new(
        Classification::Application,
        &dependency.id,
        &dependency.version.to_string(),
        None,
    );
    component.hashes = Some(Hashes(vec![hash(&dependency.checksum)]));
    component.licenses = licenses(&dependency.licenses);
    component.cpe = dependency.cpe.as_deref().map(Cpe::new);
    component.purl = purl(dependency).and_then(|purl| purl.parse::<Purl>().ok());
    component.external_references = Some(external_references(dependency));
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

fn external_references(dependency: &Dependency) -> ExternalReferences {
    let mut download = ExternalReference::new(
        ExternalReferenceType::Distribution,
        Uri::new(&dependency.uri),
    );
    download.comment = Some("download".to_string());
    let mut references = vec![download];
    if let Some(source) = distinct_source(dependency) {
        // CycloneDX 1.5 has no source-distribution type; the comment tells them apart.
        let mut reference =
            ExternalReference::new(ExternalReferenceType::Distribution, Uri::new(source));
        reference.comment = Some("source".to_string());
        reference.hashes = dependency
            .source_checksum
            .as_ref()
            .map(|checksum| Hashes(vec![hash(checksum)]));
        references.push(reference);
    }
    ExternalReferences(references)
}

/// `CycloneDX` 1.5 takes either a list of licenses or one expression, never both.
fn licenses(licenses: &[String]) -> Option<Licenses> {
    let classified = classify(licenses);
    if classified.is_empty() {
        return None;
    }
    if classified
        .iter()
        .any(|license| matches!(license, License::Expression(_)))
    {
        let expression = license_expression(&classified)?;
        return Some(Licenses(vec![LicenseChoice::expression(&expression)]));
    }
    let choices = classified
        .into_iter()
        .map(|license| match license {
            License::Id(id) => LicenseChoice::License(license::License::license_id(id)),
            License::Expression(name) | License::Other(name) => LicenseChoice::license(name),
        })
        .collect();
    Some(Licenses(choices))
}
