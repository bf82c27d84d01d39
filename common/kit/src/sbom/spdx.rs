//! SPDX 2.3 JSON.

use super::{
    License, TOOL_NAME, TOOL_VERSION, classify, distinct_source, identity_uuid, license_expression,
    license_ref, purl, spdx_id_chars, timestamp,
};
use crate::checksum::{Algorithm, Checksum};
use crate::inventory::Dependency;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

const NOASSERTION: &str = "NOASSERTION";

/// The dependency's SPDX 2.3 document (`<layer>.sbom.spdx.json`).
#[must_use]
pub fn spdx_json(dependency: &Dependency, created: OffsetDateTime) -> Value {
    let package_id = format!(
        "SPDXRef-Package-{}",
        spdx_id_chars(&format!("{}-{}", dependency.id, dependency.version))
    );
    let mut document = json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": format!("{}-{}", dependency.id, dependency.version),
        // A URI unique to this dependency, and the same every time it is built.
        "documentNamespace": format!("urn:uuid:{}", identity_uuid(dependency)),
        "creationInfo": {
            "created": timestamp(created),
            "creators": [format!("Tool: {TOOL_NAME}-{TOOL_VERSION}")],
        },
        "packages": [package(dependency, &package_id)],
        "relationships": [{
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": package_id,
        }],
    });
    let extracted = extracted_licenses(&dependency.licenses);
    if !extracted.is_empty() {
        document["hasExtractedLicensingInfos"] = Value::Array(extracted);
    }
    document
}

fn package(dependency: &Dependency, package_id: &str) -> Value {
    let licenses = classify(&dependency.licenses);
    let mut package = json!({
        "SPDXID": package_id,
        "name": dependency.id,
        "versionInfo": dependency.version.to_string(),
        "downloadLocation": dependency.uri,
        "filesAnalyzed": false,
        "checksums": [checksum(&dependency.checksum)],
        // Concluding a license takes analysis we did not do; the publisher's claim is declared.
        "licenseConcluded": NOASSERTION,
        "licenseDeclared": license_expression(&licenses).unwrap_or_else(|| NOASSERTION.to_string()),
        "copyrightText": NOASSERTION,
        "primaryPackagePurpose": "APPLICATION",
    });
    let references = external_refs(dependency);
    if !references.is_empty() {
        package["externalRefs"] = Value::Array(references);
    }
    if let Some(source) = distinct_source(dependency) {
        let info = match &dependency.source_checksum {
            Some(checksum) => format!("built from the source archive {source} ({checksum})"),
            None => format!("built from the source archive {source}"),
        };
        package["sourceInfo"] = Value::String(info);
    }
    package
}

fn checksum(checksum: &Checksum) -> Value {
    let algorithm = match checksum.algorithm {
        Algorithm::Sha256 => "SHA256",
        Algorithm::Sha512 => "SHA512",
    };
    json!({ "algorithm": algorithm, "checksumValue": checksum.hex })
}

fn external_refs(dependency: &Dependency) -> Vec<Value> {
    let mut references = Vec::new();
    if let Some(cpe) = &dependency.cpe {
        let kind = if cpe.starts_with("cpe:2.3:") {
            "cpe23Type"
        } else {
            "cpe22Type"
        };
        references.push(json!({
            "referenceCategory": "SECURITY",
            "referenceType": kind,
            "referenceLocator": cpe,
        }));
    }
    if let Some(purl) = purl(dependency) {
        references.push(json!({
            "referenceCategory": "PACKAGE-MANAGER",
            "referenceType": "purl",
            "referenceLocator": purl,
        }));
    }
    references
}

/// SPDX requires every `LicenseRef-` used to be defined in the document.
fn extracted_licenses(licenses: &[String]) -> Vec<Value> {
    let mut infos = Map::new();
    let mut define = |id: String, name: &str| {
        infos
            .entry(id.clone())
            .or_insert_with(|| json!({ "licenseId": id, "name": name, "extractedText": name }));
    };
    for license in classify(licenses) {
        match license {
            License::Other(name) => define(license_ref(name), name),
            // The entry may itself name a `LicenseRef-` the publisher made up.
            License::Id(_) | License::Expression(_) => {
                for token in license.text().split(['(', ')', ' ']) {
                    if token.starts_with("LicenseRef-") {
                        define(token.to_string(), token);
                    }
                }
            }
        }
    }
    infos.into_iter().map(|(_, info)| info).collect()
}
