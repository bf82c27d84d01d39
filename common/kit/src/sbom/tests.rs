use super::*;
use cyclonedx_bom::models::bom::Bom;
use cyclonedx_bom::validation::Validate;
use serde_json::{Value, json};

// The first node entry of paketo-buildpacks/node-engine's buildpack.toml, verbatim.
const NODE: &str = r#"
arch = "amd64"
checksum = "sha256:deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad"
cpe = "cpe:2.3:a:nodejs:node.js:18.20.7:*:*:*:*:*:*:*"
deprecation_date = "2025-04-30T00:00:00Z"
id = "node"
licenses = [
    "0BSD",
    "Apache-2.0",
    "Artistic-2.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-3-Clause-No-Military-License",
    "BSD-4-Clause",
    "CC0-1.0",
    "ECL-2.0",
    "ICU",
    "ISC",
    "JSON",
    "MIT",
    "MIT-0",
    "MIT-advertising",
    "MIT-feh",
    "Unicode-TOU",
    "Zlib",
    "deprecated_BSD-2-Clause-NetBSD",
]
name = "Node Engine"
os = "linux"
purl = "pkg:generic/node@v18.20.7?checksum=deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad&download_url=https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz"
source = "https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz"
source-checksum = "sha256:deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad"
stacks = [
    "*",
]
strip-components = 1
uri = "https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz"
version = "18.20.7"
"#;

// An ASP.NET Core runtime entry: .NET publishes sha512 checksums.
const ASPNET: &str = r#"
checksum = "sha512:aaad4b9ef09a8e1a0a01e32b3d5078581a759aa6ed80b42b7d01d65429a98987a3d4b34debf8d4de4ae09cdc9c0d1cb647e687125a371b97fe37c380bf1895af"
cpe = "cpe:2.3:a:microsoft:.net:8.0.29:*:*:*:*:*:*:*"
id = "dotnet-core-aspnet-runtime"
licenses = ["MIT", "MIT-0"]
name = "ASP.NET Core Runtime"
purl = "pkg:generic/dotnet-core-aspnet-runtime@8.0.29?checksum=aaad4b9ef09a8e1a0a01e32b3d5078581a759aa6ed80b42b7d01d65429a98987a3d4b34debf8d4de4ae09cdc9c0d1cb647e687125a371b97fe37c380bf1895af&download_url=https://builds.dotnet.microsoft.com/dotnet/aspnetcore/Runtime/8.0.29/aspnetcore-runtime-8.0.29-linux-x64.tar.gz"
uri = "https://builds.dotnet.microsoft.com/dotnet/aspnetcore/Runtime/8.0.29/aspnetcore-runtime-8.0.29-linux-x64.tar.gz"
version = "8.0.29"
"#;

// No cpe, purl or licenses, and a source archive other than the download.
const BARE: &str = r#"
checksum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
id = "tool"
source = "https://example.com/tool-1.2.3-src.tar.gz"
source-checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000001"
uri = "https://example.com/tool-1.2.3-linux-x64.tar.gz?mirror=1"
version = "1.2.3"
"#;

const NODE_SHA256: &str = "deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad";
const NODE_URI: &str = "https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz";
// The entry's purl with the checksum qualifier in the purl spec's `<algorithm>:<hex>` form.
const NODE_PURL: &str = "pkg:generic/node@v18.20.7?checksum=sha256:deaf9695966087815a09c1c8e7fb0cfeb5b5b4471836e5993431230a845becad&download_url=https://nodejs.org/dist/v18.20.7/node-v18.20.7-linux-x64.tar.xz";

fn dependency(toml_text: &str) -> Dependency {
    toml::from_str(toml_text).expect("a valid dependency entry")
}

fn with_licenses(licenses: &[&str]) -> Dependency {
    let mut dependency = dependency(BARE);
    dependency.licenses = licenses.iter().map(ToString::to_string).collect();
    dependency
}

fn created() -> OffsetDateTime {
    time::macros::datetime!(2025-01-02 03:04:05.678 UTC)
}

fn cdx(dependency: &Dependency) -> Value {
    let bytes = cyclonedx_json(dependency, created()).expect("CycloneDX output");
    assert_cdx_valid(&bytes);
    serde_json::from_slice(&bytes).expect("CycloneDX JSON")
}

/// Parses the output back with the crate and runs its 1.5 validation.
fn assert_cdx_valid(bytes: &[u8]) {
    let bom = Bom::parse_from_json_v1_5(bytes).expect("a CycloneDX 1.5 document");
    let result = bom.validate_version(cyclonedx::SPEC_VERSION);
    assert!(result.passed(), "{result:?}");
}

fn no_nulls(value: &Value, path: &str) {
    match value {
        Value::Null => panic!("null at {path}"),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                no_nulls(item, &format!("{path}[{index}]"));
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                no_nulls(item, &format!("{path}.{key}"));
            }
        }
        _ => {}
    }
}

#[test]
fn cyclonedx_describes_the_node_entry() {
    let document = cdx(&dependency(NODE));
    assert_eq!(document["specVersion"], "1.5");
    assert_eq!(document["metadata"]["timestamp"], "2025-01-02T03:04:05Z");
    assert_eq!(
        document["metadata"]["tools"]["components"][0]["name"],
        "stowage-kit"
    );
    let component = &document["components"][0];
    assert_eq!(component["type"], "application");
    assert_eq!(component["name"], "node");
    assert_eq!(component["version"], "18.20.7");
    assert_eq!(component["purl"], NODE_PURL);
    assert_eq!(
        component["cpe"],
        "cpe:2.3:a:nodejs:node.js:18.20.7:*:*:*:*:*:*:*"
    );
    assert_eq!(
        component["hashes"],
        json!([{ "alg": "SHA-256", "content": NODE_SHA256 }])
    );
    let licenses = component["licenses"].as_array().expect("licenses");
    assert_eq!(licenses.len(), 21);
    assert_eq!(licenses[0], json!({ "license": { "id": "0BSD" } }));
    // Not an SPDX id: kept by name rather than dropped or rejected.
    assert_eq!(
        licenses[20],
        json!({ "license": { "name": "deprecated_BSD-2-Clause-NetBSD" } })
    );
    // The source is the download itself, so there is one reference, not two.
    let references = component["externalReferences"].as_array().expect("refs");
    assert_eq!(references.len(), 1);
    assert_eq!(references[0]["type"], "distribution");
    assert_eq!(references[0]["url"], NODE_URI);
}

#[test]
fn spdx_describes_the_node_entry() {
    let document = spdx_json(&dependency(NODE), created());
    no_nulls(&document, "");
    assert_eq!(document["spdxVersion"], "SPDX-2.3");
    assert_eq!(document["dataLicense"], "CC0-1.0");
    assert_eq!(document["SPDXID"], "SPDXRef-DOCUMENT");
    assert_eq!(document["creationInfo"]["created"], "2025-01-02T03:04:05Z");
    let creator = document["creationInfo"]["creators"][0]
        .as_str()
        .expect("creator");
    assert!(creator.starts_with("Tool: stowage-kit-"), "{creator}");
    let package = &document["packages"][0];
    assert_eq!(package["name"], "node");
    assert_eq!(package["versionInfo"], "18.20.7");
    assert_eq!(package["downloadLocation"], NODE_URI);
    assert_eq!(package["filesAnalyzed"], false);
    assert_eq!(
        package["checksums"],
        json!([{ "algorithm": "SHA256", "checksumValue": NODE_SHA256 }])
    );
    let declared = package["licenseDeclared"].as_str().expect("declared");
    assert!(
        declared.starts_with("0BSD AND Apache-2.0 AND "),
        "{declared}"
    );
    assert!(declared.ends_with(" AND Zlib AND LicenseRef-deprecated-BSD-2-Clause-NetBSD"));
    assert!(SpdxExpression::try_from(declared.to_string()).is_ok());
    assert_eq!(
        document["hasExtractedLicensingInfos"],
        json!([{
            "licenseId": "LicenseRef-deprecated-BSD-2-Clause-NetBSD",
            "name": "deprecated_BSD-2-Clause-NetBSD",
            "extractedText": "deprecated_BSD-2-Clause-NetBSD",
        }])
    );
    let references = package["externalRefs"].as_array().expect("refs");
    assert_eq!(references[0]["referenceCategory"], "SECURITY");
    assert_eq!(references[0]["referenceType"], "cpe23Type");
    assert_eq!(
        references[0]["referenceLocator"],
        "cpe:2.3:a:nodejs:node.js:18.20.7:*:*:*:*:*:*:*"
    );
    assert_eq!(references[1]["referenceCategory"], "PACKAGE-MANAGER");
    assert_eq!(references[1]["referenceType"], "purl");
    assert_eq!(references[1]["referenceLocator"], NODE_PURL);
    assert_eq!(
        document["relationships"],
        json!([{
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": package["SPDXID"],
        }])
    );
    assert_eq!(package["SPDXID"], "SPDXRef-Package-node-18.20.7");
}

#[test]
fn syft_describes_the_node_entry() {
    let document = syft_json(&dependency(NODE));
    no_nulls(&document, "");
    let artifact = &document["artifacts"][0];
    assert_eq!(artifact["name"], "node");
    assert_eq!(artifact["version"], "18.20.7");
    assert_eq!(artifact["type"], "binary");
    assert_eq!(
        artifact["cpes"],
        json!(["cpe:2.3:a:nodejs:node.js:18.20.7:*:*:*:*:*:*:*"])
    );
    // The purl is where Syft's shape carries the checksum and download location.
    let purl = artifact["purl"].as_str().expect("purl");
    assert_eq!(purl, NODE_PURL);
    assert_eq!(artifact["licenses"].as_array().expect("licenses").len(), 21);
    assert_eq!(artifact["id"].as_str().expect("id").len(), 16);
    assert_eq!(
        document["source"],
        json!({ "type": "file", "target": "node-v18.20.7-linux-x64.tar.xz" })
    );
    assert_eq!(document["descriptor"]["name"], "stowage-kit");
    assert_eq!(document["schema"]["version"], "3.0.1");
}

#[test]
fn sha512_checksums_keep_their_algorithm() {
    let dependency = dependency(ASPNET);
    let hex = &dependency.checksum.hex;
    assert_eq!(hex.len(), 128);

    let component = &cdx(&dependency)["components"][0];
    assert_eq!(component["name"], "dotnet-core-aspnet-runtime");
    assert_eq!(
        component["hashes"],
        json!([{ "alg": "SHA-512", "content": hex }])
    );
    assert_eq!(
        component["licenses"],
        json!([{ "license": { "id": "MIT" } }, { "license": { "id": "MIT-0" } }])
    );

    let spdx = spdx_json(&dependency, created());
    let package = &spdx["packages"][0];
    assert_eq!(
        package["checksums"],
        json!([{ "algorithm": "SHA512", "checksumValue": hex }])
    );
    assert_eq!(package["licenseDeclared"], "MIT AND MIT-0");
    assert_eq!(package["versionInfo"], "8.0.29");
    assert_eq!(package["downloadLocation"], dependency.uri.as_str());
    assert!(spdx.get("hasExtractedLicensingInfos").is_none());

    let syft = syft_json(&dependency);
    assert_eq!(syft["artifacts"][0]["licenses"], json!(["MIT", "MIT-0"]));
    assert_eq!(
        syft["artifacts"][0]["cpes"],
        json!(["cpe:2.3:a:microsoft:.net:8.0.29:*:*:*:*:*:*:*"])
    );
}

#[test]
fn entries_without_cpe_purl_or_licenses_emit_no_junk() {
    let dependency = dependency(BARE);

    let document = cdx(&dependency);
    no_nulls(&document, "");
    let component = document["components"][0].as_object().expect("component");
    for key in ["cpe", "purl", "licenses"] {
        assert!(!component.contains_key(key), "{key} in {component:?}");
    }
    let references = component["externalReferences"].as_array().expect("refs");
    assert_eq!(references.len(), 2);
    assert_eq!(references[0]["url"], dependency.uri.as_str());
    assert_eq!(
        references[1]["url"],
        "https://example.com/tool-1.2.3-src.tar.gz"
    );
    assert_eq!(references[1]["comment"], "source");
    assert_eq!(references[1]["hashes"][0]["alg"], "SHA-256");

    let spdx = spdx_json(&dependency, created());
    no_nulls(&spdx, "");
    let package = spdx["packages"][0].as_object().expect("package");
    assert!(!package.contains_key("externalRefs"));
    assert_eq!(package["licenseDeclared"], "NOASSERTION");
    assert_eq!(package["licenseConcluded"], "NOASSERTION");
    assert_eq!(package["checksums"][0]["algorithm"], "SHA256");
    assert!(
        package["sourceInfo"]
            .as_str()
            .expect("sourceInfo")
            .contains("https://example.com/tool-1.2.3-src.tar.gz")
    );
    assert!(spdx.get("hasExtractedLicensingInfos").is_none());

    // Syft's schema requires these fields, so they are present but empty.
    let syft = syft_json(&dependency);
    no_nulls(&syft, "");
    let artifact = &syft["artifacts"][0];
    assert_eq!(artifact["cpes"], json!([]));
    assert_eq!(artifact["licenses"], json!([]));
    assert_eq!(artifact["purl"], "");
    assert_eq!(syft["source"]["target"], "tool-1.2.3-linux-x64.tar.gz");
}

#[test]
fn a_license_expression_stays_one_expression() {
    let dependency = with_licenses(&["GPL-2.0 WITH Classpath-exception-2.0"]);
    assert_eq!(
        cdx(&dependency)["components"][0]["licenses"],
        json!([{ "expression": "GPL-2.0 WITH Classpath-exception-2.0" }])
    );
    assert_eq!(
        spdx_json(&dependency, created())["packages"][0]["licenseDeclared"],
        "GPL-2.0 WITH Classpath-exception-2.0"
    );
}

#[test]
fn expressions_ids_and_unknown_names_combine() {
    let dependency = with_licenses(&[
        "GPL-2.0 WITH Classpath-exception-2.0",
        "MIT",
        "Some Vendor License",
        "MIT",
        " ",
    ]);
    let expected =
        "(GPL-2.0 WITH Classpath-exception-2.0) AND MIT AND LicenseRef-Some-Vendor-License";
    assert_eq!(
        cdx(&dependency)["components"][0]["licenses"],
        json!([{ "expression": expected }])
    );
    let spdx = spdx_json(&dependency, created());
    assert_eq!(spdx["packages"][0]["licenseDeclared"], expected);
    assert_eq!(
        spdx["hasExtractedLicensingInfos"][0]["licenseId"],
        "LicenseRef-Some-Vendor-License"
    );
}

#[test]
fn unknown_license_names_alone_become_named_licenses() {
    let dependency = with_licenses(&["Proprietary (see LICENSE)"]);
    assert_eq!(
        cdx(&dependency)["components"][0]["licenses"],
        json!([{ "license": { "name": "Proprietary (see LICENSE)" } }])
    );
    assert_eq!(
        spdx_json(&dependency, created())["packages"][0]["licenseDeclared"],
        "LicenseRef-Proprietary--see-LICENSE-"
    );
}

#[test]
fn license_refs_given_by_the_publisher_are_defined() {
    let dependency = with_licenses(&["LicenseRef-Vendor", "MIT OR LicenseRef-Other"]);
    let spdx = spdx_json(&dependency, created());
    assert_eq!(
        spdx["packages"][0]["licenseDeclared"],
        "LicenseRef-Vendor AND (MIT OR LicenseRef-Other)"
    );
    let ids: Vec<&Value> = spdx["hasExtractedLicensingInfos"]
        .as_array()
        .expect("infos")
        .iter()
        .map(|info| &info["licenseId"])
        .collect();
    assert_eq!(
        ids,
        [&json!("LicenseRef-Other"), &json!("LicenseRef-Vendor")]
    );
    assert_eq!(
        cdx(&dependency)["components"][0]["licenses"],
        json!([{ "expression": "LicenseRef-Vendor AND (MIT OR LicenseRef-Other)" }])
    );
}

#[test]
fn layer_sboms_cover_the_declared_formats_reproducibly() {
    let dependency = dependency(NODE);
    let sboms = layer_sboms(&dependency, created()).expect("SBOMs");
    let media_types: Vec<Value> = sboms
        .iter()
        .map(|sbom| serde_json::to_value(&sbom.format).expect("media type"))
        .collect();
    assert_eq!(media_types, SBOM_FORMATS.map(Value::from));
    for sbom in &sboms {
        let _: Value = serde_json::from_slice(&sbom.data).expect("JSON");
    }
    assert_cdx_valid(&sboms[0].data);

    let again = layer_sboms(&dependency, created()).expect("SBOMs");
    for (first, second) in sboms.iter().zip(&again) {
        assert_eq!(first.data, second.data);
    }
}

#[test]
fn document_ids_are_derived_from_the_dependency() {
    let node = dependency(NODE);
    let uuid = identity_uuid(&node);
    assert_eq!(uuid, identity_uuid(&node));
    assert_ne!(uuid, identity_uuid(&dependency(ASPNET)));
    let mut other_build = node.clone();
    other_build.checksum =
        "sha256:0000000000000000000000000000000000000000000000000000000000000000"
            .parse()
            .expect("checksum");
    assert_ne!(uuid, identity_uuid(&other_build));
    // Version 8 (custom), RFC variant.
    assert_eq!(&uuid[14..15], "8");
    assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "{uuid}");
    assert_eq!(
        spdx_json(&node, created())["documentNamespace"],
        format!("urn:uuid:{uuid}")
    );
}

#[test]
fn timestamps_are_utc_whole_seconds() {
    let created = time::macros::datetime!(2025-06-30 23:30:00.999 -02:00);
    assert_eq!(timestamp(created), "2025-07-01T01:30:00Z");
}

#[test]
fn source_date_epoch_is_parsed_strictly() {
    assert_eq!(
        parse_source_date_epoch("1700000000").expect("valid"),
        time::macros::datetime!(2023-11-14 22:13:20 UTC)
    );
    for value in ["", "-1", "+5", "1.5", " 1", "soon", "99999999999999999999"] {
        let error = parse_source_date_epoch(value).expect_err(value);
        assert_eq!(error.id, "sbom/invalid-source-date-epoch");
    }
}

#[test]
fn purl_checksums_get_their_algorithm() {
    let sha256 = "a".repeat(64);
    let sha512 = "B".repeat(128);
    let cases = [
        ("pkg:generic/x@1".to_string(), "pkg:generic/x@1".to_string()),
        (
            format!("pkg:generic/x@1?checksum={sha256}&arch=amd64#sub/path"),
            format!("pkg:generic/x@1?checksum=sha256:{sha256}&arch=amd64#sub/path"),
        ),
        (
            format!("pkg:generic/x@1?checksum={sha512},sha1:abc"),
            format!("pkg:generic/x@1?checksum=sha512:{}", sha512.to_lowercase()) + ",sha1:abc",
        ),
        (
            "pkg:generic/x@1?checksum=nothex&checksumx=1".to_string(),
            "pkg:generic/x@1?checksum=nothex&checksumx=1".to_string(),
        ),
    ];
    for (given, expected) in cases {
        let mut dependency = dependency(BARE);
        dependency.purl = Some(given);
        assert_eq!(purl(&dependency), Some(expected));
    }
    assert_eq!(purl(&dependency(BARE)), None);
}

#[test]
fn file_names_come_from_the_uri_path() {
    assert_eq!(file_name("https://a.example/x/y.tgz?sig=1#f"), "y.tgz");
    assert_eq!(file_name("file:///deps/y.tgz"), "y.tgz");
    assert_eq!(file_name("https://a.example/dir/"), "dir");
}

fn snapshot(name: &str, value: &Value) {
    insta::with_settings!({ sort_maps => true }, {
        insta::assert_json_snapshot!(name, value);
    });
}

#[test]
fn snapshots_of_the_node_entry() {
    let node = dependency(NODE);
    snapshot("node_cyclonedx", &cdx(&node));
    snapshot("node_spdx", &spdx_json(&node, created()));
    snapshot("node_syft", &syft_json(&node));
}
