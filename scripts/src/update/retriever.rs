//! What every upstream answers: its released versions, and a verified entry for one of them.

use super::http::Http;
use stowage_kit::Error;
use stowage_kit::checksum::Checksum;
use stowage_kit::inventory::Dependency;

/// One upstream release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub version: semver::Version,
    /// The upstream's handle on it: the npm package, `v22.1.0`, `21.0.11+10`, `4.0.0-rc-6`.
    pub tag: String,
    /// RFC 3339, where the upstream publishes an end of support.
    pub deprecation_date: Option<String>,
}

/// A source release, downloaded and verified against what its upstream publishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedSource {
    pub url: String,
    /// sha256, as Paketo's `source-checksum` carries it.
    pub checksum: Checksum,
    /// How it was verified, for the plan: `sha512 published by Apache`, `signed by …`.
    pub verified_by: String,
}

/// What a retriever found for one release on one platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// An upstream-built artifact, verified: the entry to write.
    Entry(Box<Dependency>),
    /// An upstream that publishes sources only (nginx, httpd, PHP, Ruby, Bundler): the
    /// verified source; the entry is written once a built artifact is given (`--artifact`).
    Source(VerifiedSource),
}

pub trait Retriever {
    /// e.g. `the npm registry`, for messages.
    fn upstream(&self) -> &'static str;
    /// Every release the upstream lists, pre-releases included (the plan leaves them out).
    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error>;
    /// The entry (or the source) for `release` on `template`'s platform, its bytes downloaded
    /// and verified; `template` is an existing entry of the same id, whose style the new one
    /// follows.
    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error>;
}

/// `template` with a new version, URI and checksum; the rest for the retriever to fill.
pub(super) fn from_template(
    template: &Dependency,
    release: &Release,
    uri: &str,
    checksum: Checksum,
) -> Dependency {
    let mut entry = template.clone();
    entry.version = release.version.clone();
    entry.uri = uri.to_string();
    entry.cpe = template
        .cpe
        .as_deref()
        .map(|cpe| cpe_with_version(cpe, &release.version.to_string()));
    entry.purl = template
        .purl
        .as_deref()
        .map(|purl| purl_with_version(purl, &release.version.to_string()));
    // A source that was the artifact itself stays so; others are the retriever's to set.
    if template.source.as_deref() == Some(template.uri.as_str()) {
        entry.source = Some(uri.to_string());
        entry.source_checksum = Some(checksum.clone());
    } else {
        entry.source = None;
        entry.source_checksum = None;
    }
    entry.checksum = checksum;
    entry.deprecation_date.clone_from(&release.deprecation_date);
    entry
}

/// `cpe:2.3:a:vendor:product:<version>:…` with the version field replaced.
pub(super) fn cpe_with_version(cpe: &str, version: &str) -> String {
    let mut fields: Vec<&str> = cpe.split(':').collect();
    if fields.len() > 5 {
        fields[5] = version;
    }
    fields.join(":")
}

/// The template's purl for a new release: the version replaced, and the `checksum` and
/// `download_url` qualifiers Paketo's purls carry pointing at the new artifact.
pub(super) fn purl_for(
    template: &Dependency,
    version: &str,
    checksum_hex: &str,
    url: &str,
) -> Option<String> {
    let purl = purl_with_version(template.purl.as_deref()?, version);
    let Some((base, qualifiers)) = purl.split_once('?') else {
        return Some(purl);
    };
    let qualifiers: Vec<String> = qualifiers
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("checksum", _)) => format!("checksum={checksum_hex}"),
            Some(("download_url", _)) => format!("download_url={url}"),
            _ => pair.to_string(),
        })
        .collect();
    Some(format!("{base}?{}", qualifiers.join("&")))
}

/// `pkg:type/name@<version>?…` with the version replaced, qualifiers kept.
pub(super) fn purl_with_version(purl: &str, version: &str) -> String {
    let Some(at) = purl.rfind('@') else {
        return purl.to_string();
    };
    let rest = &purl[at + 1..];
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    format!("{}@{version}{}", &purl[..at], &rest[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_take_the_new_version() {
        assert_eq!(
            cpe_with_version("cpe:2.3:a:apache:maven:3.9.9:*:*:*:*:*:*:*", "3.9.17"),
            "cpe:2.3:a:apache:maven:3.9.17:*:*:*:*:*:*:*"
        );
        assert_eq!(
            purl_with_version("pkg:generic/bellsoft-jdk@21.0.11?arch=amd64", "21.0.12"),
            "pkg:generic/bellsoft-jdk@21.0.12?arch=amd64"
        );
        assert_eq!(
            purl_with_version("pkg:npm/%40yarnpkg/cli-dist@4.18.1", "4.19.0"),
            "pkg:npm/%40yarnpkg/cli-dist@4.19.0"
        );
    }

    #[test]
    fn paketo_purls_point_at_the_new_artifact() {
        let template: Dependency = toml::from_str(
            r#"
id = "composer"
version = "2.10.1"
uri = "https://getcomposer.org/download/2.10.1/composer.phar"
checksum = "sha256:345b9c6a98da5c30dcbd4b0d99fc8710bf0ae98a3898eea18f7b2ad9dec93f06"
stacks = ["*"]
purl = "pkg:generic/composer@2.10.1?checksum=345b&download_url=https://getcomposer.org/download/2.10.1/composer.phar"
"#,
        )
        .expect("entry");
        assert_eq!(
            purl_for(
                &template,
                "2.10.2",
                "5ee7",
                "https://x/2.10.2/composer.phar"
            )
            .as_deref(),
            Some(
                "pkg:generic/composer@2.10.2?checksum=5ee7&download_url=https://x/2.10.2/composer.phar"
            )
        );
    }
}
