//! Every SBOM the kit writes validates against the official JSON schema of its format
//! (vendored in `sbom-schemas/`, sources in its README), as an SBOM scanner would check it.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use boon::{Compiler, SchemaIndex, Schemas, UrlLoader};
use libcnb::data::sbom::SbomFormat;
use serde_json::{Value, json};
use std::path::PathBuf;
use stowage_kit::inventory::Dependency;
use stowage_kit::sbom::components::{Package, packages_cyclonedx_json};
use stowage_kit::sbom::layer_sboms;
use time::OffsetDateTime;

const CYCLONEDX: &str = "http://cyclonedx.org/schema/bom-1.5.schema.json";
const SPDX: &str = "http://spdx.org/rdf/terms/2.3";
const SYFT: &str =
    "https://raw.githubusercontent.com/anchore/syft/main/schema/json/schema-3.0.1.json";

/// Refuses every URL: each schema and every `$ref` it makes must be registered locally.
struct Offline;

impl UrlLoader for Offline {
    fn load(&self, url: &str) -> Result<Value, Box<dyn std::error::Error>> {
        Err(format!("not vendored, and the tests do not fetch: {url}").into())
    }
}

struct Validator {
    schemas: Schemas,
    cyclonedx: SchemaIndex,
    spdx: SchemaIndex,
    syft: SchemaIndex,
}

impl Validator {
    fn new() -> Self {
        let mut compiler = Compiler::new();
        compiler.use_loader(Box::new(Offline));
        // Formats (`date-time`, `iri-reference`, ...) are part of what the schemas ask for.
        compiler.enable_format_assertions();
        // The CycloneDX schema's `$ref`s, relative to its `$id`.
        let resources = [
            (CYCLONEDX, "bom-1.5.SNAPSHOT.schema.json"),
            (
                "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json",
                "spdx.SNAPSHOT.schema.json",
            ),
            (
                "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json",
                "jsf-0.82.SNAPSHOT.schema.json",
            ),
            (SPDX, "spdx-schema-v2.3.json"),
            (SYFT, "syft-schema-3.0.1.json"),
        ];
        for (url, file) in resources {
            compiler
                .add_resource(url, schema_file(file))
                .unwrap_or_else(|error| panic!("{file}: {error}"));
        }
        let mut schemas = Schemas::new();
        let mut compile = |url: &str| {
            compiler
                .compile(url, &mut schemas)
                .unwrap_or_else(|error| panic!("{url}: {error:#}"))
        };
        let (cyclonedx, spdx, syft) = (compile(CYCLONEDX), compile(SPDX), compile(SYFT));
        Self {
            schemas,
            cyclonedx,
            spdx,
            syft,
        }
    }

    fn check(&self, format: &SbomFormat, document: &Value) -> Result<(), String> {
        let schema = match format {
            SbomFormat::CycloneDxJson => self.cyclonedx,
            SbomFormat::SpdxJson => self.spdx,
            SbomFormat::SyftJson => self.syft,
        };
        self.schemas
            .validate(document, schema)
            .map_err(|error| format!("{error:#}"))
    }

    fn assert_valid(&self, what: &str, format: &SbomFormat, bytes: &[u8]) {
        let document: Value = serde_json::from_slice(bytes).expect("the SBOM is JSON");
        if *format == SbomFormat::CycloneDxJson {
            // Required upstream; the vendored schema leaves it out (see the README).
            assert_eq!(document["version"], 1, "{what}: CycloneDX `version`");
        }
        if let Err(error) = self.check(format, &document) {
            panic!(
                "{what}: the {format:?} SBOM does not match its schema:\n{error}\n\n{}",
                serde_json::to_string_pretty(&document).expect("json")
            );
        }
    }
}

fn schema_file(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sbom-schemas")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn created() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("time")
}

fn dependency(toml_text: &str) -> Dependency {
    toml::from_str(toml_text).expect("a valid dependency entry")
}

/// Dependencies as buildpack.toml / dependency metadata describe them, one per shape the
/// SBOM code treats differently.
fn sample_dependencies() -> Vec<(&'static str, Dependency)> {
    vec![
        // Paketo's node entry: bare-hex purl checksum, a non-SPDX license name among ids.
        (
            "node",
            dependency(
                r#"
id = "node"
version = "18.20.7"
uri = "https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz"
checksum = "sha256:deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad"
source = "https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz"
source-checksum = "sha256:deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad"
cpe = "cpe:2.3:a:nodejs:node.js:18.20.7:*:*:*:*:*:*:*"
purl = "pkg:generic/node@v18.20.7?checksum=deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad&download_url=https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz"
licenses = ["0BSD", "Apache-2.0", "MIT", "Unicode-TOU", "deprecated_BSD-2-Clause-NetBSD"]
"#,
            ),
        ),
        // A JDK: sha512, a license expression with an exception, a separate source archive.
        (
            "jdk",
            dependency(
                r#"
id = "jdk"
version = "21.0.5"
uri = "https://example.com/jdk/OpenJDK21U-jdk_x64_linux_21.0.5_11.tar.gz"
checksum = "sha512:aaad4b9ef09a8e1a0a01e32b3d5078581a759aa6ed80b42b7d01d65429a98987a3d4b34debf8d4de4ae09cdc9c0d1cb647e687125a371b97fe37c380bf1895af"
source = "https://example.com/jdk/OpenJDK21U-jdk-sources_21.0.5_11.tar.gz"
source-checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000001"
cpe = "cpe:2.3:a:oracle:jdk:21.0.5:*:*:*:*:*:*:*"
purl = "pkg:generic/jdk@21.0.5?arch=amd64"
licenses = ["GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-Vendor-Terms", "Some Vendor License"]
"#,
            ),
        ),
        // An old-style CPE 2.2 URI and a single license id.
        (
            "cpe22",
            dependency(
                r#"
id = "python"
version = "3.12.1"
uri = "https://example.com/python-3.12.1.tgz"
checksum = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
cpe = "cpe:/a:python:python:3.12.1"
purl = "pkg:generic/python@3.12.1"
licenses = ["PSF-2.0"]
"#,
            ),
        ),
        // Nothing optional: no cpe, purl or licenses; a query string in the download URL.
        (
            "bare",
            dependency(
                r#"
id = "tool"
version = "1.2.3"
uri = "https://example.com/tool-1.2.3-linux-x64.tar.gz?mirror=1"
checksum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
"#,
            ),
        ),
    ]
}

fn package(name: &str, version: &str, license: Option<&str>, hashes: &[&str]) -> Package {
    Package {
        name: name.to_string(),
        version: version.to_string(),
        purl: Some(format!("pkg:npm/{}@{version}", name.replace('@', "%40"))),
        license: license.map(String::from),
        hashes: hashes
            .iter()
            .map(|hash| hash.parse().expect("checksum"))
            .collect(),
    }
}

#[test]
fn dependency_sboms_match_their_schemas() {
    let validator = Validator::new();
    for (what, dependency) in sample_dependencies() {
        let sboms = layer_sboms(&dependency, created()).expect("SBOMs");
        assert_eq!(sboms.len(), 3, "{what}: one SBOM per format");
        for sbom in sboms {
            validator.assert_valid(what, &sbom.format, &sbom.data);
        }
    }
}

/// Every pinned entry of every file in `dependency-metadata/`: the real CPEs, purls, license
/// names and checksums each buildpack writes into its layer SBOMs.
#[test]
fn every_pinned_dependency_sbom_matches_its_schemas() {
    let validator = Validator::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dependency-metadata");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("dependency-metadata") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("metadata");
        let inventory: stowage_kit::inventory::Inventory =
            toml::from_str(&text).expect("inventory");
        for dependency in &inventory.dependencies {
            let what = format!(
                "{} {} ({})",
                dependency.id,
                dependency.version,
                path.display()
            );
            for sbom in layer_sboms(dependency, created()).expect("SBOMs") {
                validator.assert_valid(&what, &sbom.format, &sbom.data);
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} entries");
}

#[test]
fn package_list_cyclonedx_matches_its_schema() {
    let validator = Validator::new();
    let sha512 = format!("sha512:{}", "ab".repeat(64));
    let sha256 = format!("sha256:{}", "cd".repeat(32));
    let mut no_purl = package("local-thing", "0.0.0-dev", None, &[]);
    no_purl.purl = None;
    let packages = [
        package("express", "4.21.2", Some("MIT"), &[&sha512]),
        package("@types/node", "22.10.2", Some("MIT"), &[&sha512, &sha256]),
        package("@scope/dual", "1.0.0", Some("(MIT OR Apache-2.0)"), &[]),
        package("unlicensed", "0.1.0", None, &[&sha512]),
        package("odd", "0.1.0", Some("SEE LICENSE IN LICENSE.txt"), &[]),
        package("@babel/core", "7.26.0-rc.1", Some("MIT"), &[&sha512]),
        no_purl,
    ];
    let bytes = packages_cyclonedx_json(&packages, created()).expect("json");
    validator.assert_valid("packages", &SbomFormat::CycloneDxJson, &bytes);

    let empty = packages_cyclonedx_json(&[], created()).expect("json");
    validator.assert_valid("no packages", &SbomFormat::CycloneDxJson, &empty);
}

/// The schemas are really applied: documents each breaking one rule are rejected.
#[test]
fn the_schemas_reject_broken_documents() {
    let validator = Validator::new();
    let cases = [
        (
            "CycloneDX without specVersion",
            SbomFormat::CycloneDxJson,
            json!({ "bomFormat": "CycloneDX", "version": 1 }),
        ),
        (
            "CycloneDX with an unknown license id",
            SbomFormat::CycloneDxJson,
            json!({
                "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                "components": [{ "type": "library", "name": "x",
                    "licenses": [{ "license": { "id": "Not-A-License" } }] }],
            }),
        ),
        (
            "CycloneDX with a timestamp that is not a date-time",
            SbomFormat::CycloneDxJson,
            json!({
                "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                "metadata": { "timestamp": "yesterday" },
            }),
        ),
        (
            "SPDX without SPDXID",
            SbomFormat::SpdxJson,
            json!({
                "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "x",
                "documentNamespace": "urn:uuid:0",
                "creationInfo": { "created": "2024-01-01T00:00:00Z", "creators": ["Tool: x"] },
            }),
        ),
        (
            "Syft artifact without purl",
            SbomFormat::SyftJson,
            json!({
                "artifacts": [{ "id": "1", "name": "x", "version": "1", "type": "binary",
                    "foundBy": "x", "locations": [], "licenses": [], "language": "",
                    "cpes": [] }],
                "artifactRelationships": [],
                "source": { "type": "file", "target": "x" },
                "distro": {}, "descriptor": { "name": "x", "version": "1" },
                "schema": { "version": "3.0.1", "url": "x" },
            }),
        ),
    ];
    for (what, format, document) in cases {
        assert!(
            validator.check(&format, &document).is_err(),
            "{what}: accepted"
        );
    }
}
