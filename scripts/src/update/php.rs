//! PHP, built from its source releases: php.net's releases JSON lists every release of a
//! major with the sha256 of each source tarball, downloaded from php.net's distributions.

use super::dist;
use super::errors::unexpected_answer;
use super::http::Http;
use super::retriever::{Found, Release, Retriever};
use serde_json::{Map, Value};
use stowage_kit::Error;
use stowage_kit::inventory::Dependency;

pub(super) const SITE: &str = "https://www.php.net";
const UPSTREAM: &str = "php.net";
/// The major whose releases are listed (php.net answers per major).
const MAJOR: u64 = 8;

pub(super) struct Php {
    pub site: String,
}

impl Php {
    /// `{"8.3.14": {"source": [{"filename": "php-8.3.14.tar.gz", "sha256": …}, …]}, …}`.
    fn listed(&self, http: &Http) -> Result<(Map<String, Value>, String), Error> {
        let url = format!(
            "{}/releases/index.php?json&version={MAJOR}&max=1000",
            self.site
        );
        let what = "the PHP releases";
        let text = http.text(UPSTREAM, what, &url)?;
        let garbage = |why: &str| unexpected_answer(UPSTREAM, what, &url, why);
        let value: Value =
            serde_json::from_str(&text).map_err(|error| garbage(&format!("Not JSON: {error}")))?;
        let releases = value
            .as_object()
            .filter(|releases| !releases.is_empty())
            .ok_or_else(|| garbage("It is not an object of releases by version"))?;
        Ok((releases.clone(), url))
    }
}

impl Retriever for Php {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let (listed, _) = self.listed(http)?;
        Ok(listed
            .keys()
            .filter_map(|tag| {
                Some(Release {
                    version: semver::Version::parse(tag).ok()?,
                    tag: tag.clone(),
                    deprecation_date: None,
                })
            })
            .collect())
    }

    fn entry(&self, release: &Release, _: &Dependency, http: &Http) -> Result<Found, Error> {
        let (listed, list_url) = self.listed(http)?;
        let file = format!("php-{}.tar.gz", release.tag);
        let published = listed[&release.tag]["source"]
            .as_array()
            .and_then(|sources| {
                sources
                    .iter()
                    .find(|source| source["filename"].as_str() == Some(file.as_str()))
            })
            .and_then(|source| source["sha256"].as_str())
            .filter(|sha| sha.len() == 64 && sha.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| {
                unexpected_answer(
                    UPSTREAM,
                    &file,
                    &list_url,
                    &format!("The release {} lists no sha256 of {file}", release.tag),
                )
            })?
            .to_ascii_lowercase();
        let url = format!("{}/distributions/{file}", self.site);
        dist::source_with_listed_sha256(http, UPSTREAM, &file, url, &published, "php.net")
    }
}
