//! Maven Central: `maven-metadata.xml` lists an artifact's versions; each file comes with a
//! published `.sha512` (newer releases) or `.sha1`.

use super::dist::verified_by_published_file;
use super::errors::unexpected_answer;
use super::http::Http;
use super::retriever::{Found, Release, Retriever, from_template};
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

pub(super) const MAVEN_CENTRAL: &str = "https://repo1.maven.org/maven2";
const UPSTREAM: &str = "Maven Central";

/// One artifact: the file installed (`-<classifier>.<extension>`) and its sources.
pub(super) struct MavenCentral {
    pub repository: String,
    pub group: &'static str,
    pub artifact: &'static str,
    /// e.g. `-bin.tar.gz`, `.jar`.
    pub suffix: &'static str,
    /// e.g. `-src.tar.gz`, `-sources.jar`.
    pub source_suffix: Option<&'static str>,
}

impl MavenCentral {
    fn base(&self) -> String {
        format!(
            "{}/{}/{}",
            self.repository,
            self.group.replace('.', "/"),
            self.artifact
        )
    }

    fn file_url(&self, tag: &str, suffix: &str) -> String {
        format!("{}/{tag}/{}-{tag}{suffix}", self.base(), self.artifact)
    }
}

/// Maven's versions as semver: `3.9` is 3.9.0; `4.0.0-rc-6` a pre-release.
fn semver_of(text: &str) -> Option<semver::Version> {
    semver::Version::parse(text).ok().or_else(|| {
        let (numbers, pre) = text.split_once('-').unwrap_or((text, ""));
        let mut parts = numbers.split('.');
        let major = parts.next()?;
        let minor = parts.next().unwrap_or("0");
        let patch = parts.next().unwrap_or("0");
        let pre = if pre.is_empty() {
            String::new()
        } else {
            format!("-{pre}")
        };
        semver::Version::parse(&format!("{major}.{minor}.{patch}{pre}")).ok()
    })
}

impl Retriever for MavenCentral {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let url = format!("{}/maven-metadata.xml", self.base());
        let what = format!("the versions of {}:{}", self.group, self.artifact);
        let xml = http.text(UPSTREAM, &what, &url)?;
        if !xml.contains("<metadata") {
            return Err(unexpected_answer(
                UPSTREAM,
                &what,
                &url,
                "The answer is not a maven-metadata.xml",
            ));
        }
        let mut releases = Vec::new();
        for piece in xml.split("<version>").skip(1) {
            let Some((tag, _)) = piece.split_once("</version>") else {
                continue;
            };
            if let Some(version) = semver_of(tag.trim()) {
                releases.push(Release {
                    version,
                    tag: tag.trim().to_string(),
                    deprecation_date: None,
                });
            }
        }
        if releases.is_empty() {
            return Err(unexpected_answer(
                UPSTREAM,
                &what,
                &url,
                "The maven-metadata.xml lists no version",
            ));
        }
        Ok(releases)
    }

    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error> {
        let what = format!("{} {}", self.artifact, release.tag);
        let url = self.file_url(&release.tag, self.suffix);
        let digests = verified_by_published_file(http, UPSTREAM, &what, &url)?.0;
        let mut entry = from_template(template, release, &url, digests.checksum(Algorithm::Sha256));
        if let Some(suffix) = self.source_suffix {
            let source = self.file_url(&release.tag, suffix);
            let digests =
                verified_by_published_file(http, UPSTREAM, &format!("{what} sources"), &source)?.0;
            entry.source_checksum = Some(digests.checksum(Algorithm::Sha256));
            entry.source = Some(source);
        }
        Ok(Found::Entry(Box::new(entry)))
    }
}

#[cfg(test)]
mod tests {
    use super::semver_of;

    #[test]
    fn maven_versions_read_as_semver() {
        assert_eq!(
            semver_of("3.9").map(|v| v.to_string()),
            Some("3.9.0".into())
        );
        assert_eq!(
            semver_of("4.0.0-rc-6").map(|v| v.to_string()),
            Some("4.0.0-rc-6".into())
        );
        assert_eq!(
            semver_of("2.0.4").map(|v| v.to_string()),
            Some("2.0.4".into())
        );
        assert_eq!(semver_of("garbage"), None);
    }
}
