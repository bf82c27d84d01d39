//! SBOMs for one installed dependency, in the three formats the CNB spec knows.
//!
//! Whether to write them at all (`BP_DISABLE_SBOM`) is the caller's decision.

pub mod components;
mod cyclonedx;
mod spdx;
mod syft;

#[cfg(test)]
mod tests;

pub use cyclonedx::cyclonedx_json;
pub use spdx::spdx_json;
pub use syft::syft_json;

use crate::Error;
use crate::inventory::Dependency;
use cyclonedx_bom::external_models::spdx::{SpdxExpression, SpdxIdentifier};
use libcnb::data::sbom::SbomFormat;
use libcnb::sbom::Sbom;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// The media types a buildpack.toml `sbom-formats` must list for [`layer_sboms`].
pub const SBOM_FORMATS: [&str; 3] = [
    "application/vnd.cyclonedx+json",
    "application/spdx+json",
    "application/vnd.syft+json",
];

const TOOL_NAME: &str = "stowage-kit";
const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `CycloneDX`, SPDX and Syft SBOMs of one dependency, ready for `LayerRef::write_sboms`.
pub fn layer_sboms(dependency: &Dependency, created: OffsetDateTime) -> Result<Vec<Sbom>, Error> {
    Ok(vec![
        Sbom::from_bytes(
            SbomFormat::CycloneDxJson,
            cyclonedx_json(dependency, created)?,
        ),
        Sbom::from_bytes(
            SbomFormat::SpdxJson,
            to_bytes(dependency, &spdx_json(dependency, created))?,
        ),
        Sbom::from_bytes(
            SbomFormat::SyftJson,
            to_bytes(dependency, &syft_json(dependency))?,
        ),
    ])
}

/// The SBOM creation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
pub fn creation_time() -> Result<OffsetDateTime, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if value.is_empty() => Ok(OffsetDateTime::now_utc()),
        Ok(value) => parse_source_date_epoch(&value),
        Err(std::env::VarError::NotPresent) => Ok(OffsetDateTime::now_utc()),
        Err(std::env::VarError::NotUnicode(value)) => {
            parse_source_date_epoch(&value.to_string_lossy())
        }
    }
}

/// Parses a `SOURCE_DATE_EPOCH` value: whole seconds since 1970-01-01 UTC.
pub fn parse_source_date_epoch(value: &str) -> Result<OffsetDateTime, Error> {
    // The reproducible-builds spec asks tools to fail on a malformed value rather than ignore it.
    value
        .bytes()
        .all(|byte| byte.is_ascii_digit())
        .then(|| value.parse::<i64>().ok())
        .flatten()
        .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
        .ok_or_else(|| {
            Error::new(
                "sbom/invalid-source-date-epoch",
                "SOURCE_DATE_EPOCH is not a timestamp",
                "Set SOURCE_DATE_EPOCH to a whole number of seconds since 1970-01-01 UTC \
                 (for example `1700000000`), or unset it to use the current time.",
            )
            .variable("SOURCE_DATE_EPOCH")
            .debug(format!("value: `{value}`"))
        })
}

fn to_bytes(dependency: &Dependency, document: &serde_json::Value) -> Result<Vec<u8>, Error> {
    serde_json::to_vec_pretty(document).map_err(|error| write_failed(dependency, error))
}

fn write_failed(dependency: &Dependency, detail: impl std::fmt::Display) -> Error {
    Error::new(
        "sbom/write-failed",
        format!(
            "Could not write the SBOM of {} {}",
            dependency.display_name(),
            dependency.version
        ),
        "This is a bug in the buildpack, not in your app. Set BP_DISABLE_SBOM=true to build \
         without SBOMs for now, and report the issue with the detail below.",
    )
    .debug(detail)
}

/// SBOM timestamps: UTC, whole seconds, `Z` (SPDX accepts nothing else).
fn timestamp(created: OffsetDateTime) -> String {
    let utc = created.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// A stable digest of what identifies the dependency, so document ids are reproducible.
fn identity_digest(dependency: &Dependency) -> [u8; 32] {
    let identity = format!(
        "{}\0{}\0{}",
        dependency.id, dependency.version, dependency.checksum
    );
    Sha256::digest(identity.as_bytes()).into()
}

/// A name-based UUID (RFC 9562 version 8) from the dependency's identity.
fn identity_uuid(dependency: &Dependency) -> String {
    let mut bytes = identity_digest(dependency);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(&bytes[..16]);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The source archive, when it is not simply the download itself.
fn distinct_source(dependency: &Dependency) -> Option<&str> {
    dependency
        .source
        .as_deref()
        .filter(|source| *source != dependency.uri)
}

/// The purl, except that a bare-hex `checksum` qualifier (as Paketo writes them) gets the
/// `<algorithm>:` prefix the purl spec requires, so strict parsers accept it.
fn purl(dependency: &Dependency) -> Option<String> {
    let purl = dependency.purl.as_deref()?;
    let Some((base, rest)) = purl.split_once('?') else {
        return Some(purl.to_string());
    };
    let (qualifiers, subpath) = match rest.split_once('#') {
        Some((qualifiers, subpath)) => (qualifiers, Some(subpath)),
        None => (rest, None),
    };
    let qualifiers: Vec<String> = qualifiers
        .split('&')
        .map(|qualifier| match qualifier.split_once('=') {
            Some((key @ "checksum", values)) => {
                let values: Vec<String> = values.split(',').map(prefixed_checksum).collect();
                format!("{key}={}", values.join(","))
            }
            _ => qualifier.to_string(),
        })
        .collect();
    let mut purl = format!("{base}?{}", qualifiers.join("&"));
    if let Some(subpath) = subpath {
        purl.push('#');
        purl.push_str(subpath);
    }
    Some(purl)
}

fn prefixed_checksum(value: &str) -> String {
    let algorithm = match value.len() {
        64 => "sha256",
        128 => "sha512",
        _ => return value.to_string(),
    };
    if value.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        format!("{algorithm}:{}", value.to_ascii_lowercase())
    } else {
        value.to_string()
    }
}

/// The last path segment of a URI: the file that was downloaded.
fn file_name(uri: &str) -> &str {
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    path.rsplit('/')
        .find(|segment| !segment.is_empty())
        .unwrap_or(path)
}

/// One entry of `licenses`, as SPDX sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum License<'a> {
    Id(&'a str),
    /// A compound expression such as `GPL-2.0 WITH Classpath-exception-2.0`.
    Expression(&'a str),
    /// Not SPDX: kept by name (`CycloneDX`) or as a `LicenseRef-` (SPDX).
    Other(&'a str),
}

impl License<'_> {
    fn text(&self) -> &str {
        match self {
            License::Id(text) | License::Expression(text) | License::Other(text) => text,
        }
    }
}

/// Blank and repeated entries are dropped: they would make invalid or noisy expressions.
fn classify(licenses: &[String]) -> Vec<License<'_>> {
    let mut classified = Vec::new();
    for license in licenses.iter().map(|license| license.trim()) {
        let license = if license.is_empty() {
            continue;
        } else if SpdxIdentifier::try_from(license.to_string()).is_ok() {
            License::Id(license)
        } else if SpdxExpression::try_from(license.to_string()).is_ok() {
            License::Expression(license)
        } else {
            License::Other(license)
        };
        if !classified.contains(&license) {
            classified.push(license);
        }
    }
    classified
}

/// `LicenseRef-<name>` with every character SPDX forbids replaced by `-`.
fn license_ref(name: &str) -> String {
    format!("LicenseRef-{}", spdx_id_chars(name))
}

/// SPDX ids allow only letters, digits, `.` and `-`.
fn spdx_id_chars(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// All licenses joined with AND, `None` when there are none.
fn license_expression(licenses: &[License<'_>]) -> Option<String> {
    let parts: Vec<String> = licenses
        .iter()
        .map(|license| match license {
            License::Id(id) => (*id).to_string(),
            License::Expression(expression) if licenses.len() > 1 && expression.contains(' ') => {
                format!("({expression})")
            }
            License::Expression(expression) => (*expression).to_string(),
            License::Other(name) => license_ref(name),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}
