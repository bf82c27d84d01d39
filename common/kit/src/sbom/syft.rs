//! Syft JSON, in the schema 3 shape Paketo's buildpacks write (strings for licenses and CPEs).
//! Newer Syft releases still read it.

use super::{License, TOOL_NAME, TOOL_VERSION, classify, file_name, identity_digest, purl};
use crate::inventory::Dependency;
use serde_json::{Value, json};

const SCHEMA_VERSION: &str = "3.0.1";

/// The dependency's Syft document (`<layer>.sbom.syft.json`). Syft records no creation time.
#[must_use]
pub fn syft_json(dependency: &Dependency) -> Value {
    // Every package field below is required by the schema, so absent values are empty, not null.
    let artifact = json!({
        "id": hex::encode(&identity_digest(dependency)[..8]),
        "name": dependency.id,
        "version": dependency.version.to_string(),
        "type": "binary",
        "foundBy": TOOL_NAME,
        "locations": [],
        "licenses": classify(&dependency.licenses).iter().map(License::text).collect::<Vec<_>>(),
        "language": "",
        "cpes": dependency.cpe.iter().collect::<Vec<_>>(),
        "purl": purl(dependency).unwrap_or_default(),
    });
    json!({
        "artifacts": [artifact],
        "artifactRelationships": [],
        // What was catalogued: the downloaded archive.
        "source": { "type": "file", "target": file_name(&dependency.uri) },
        // No distro for a downloaded archive: empty, as Syft writes it (schema 3 wants `idLike`
        // to be a list, so the empty string older schemas used is invalid).
        "distro": {},
        "descriptor": { "name": TOOL_NAME, "version": TOOL_VERSION },
        "schema": {
            "version": SCHEMA_VERSION,
            "url": format!(
                "https://raw.githubusercontent.com/anchore/syft/main/schema/json/schema-{SCHEMA_VERSION}.json"
            ),
        },
    })
}
