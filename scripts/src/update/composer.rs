//! Composer: Packagist lists every release of `composer/composer` (getcomposer.org's own
//! `versions` names only the newest of each line); each release's phar and its
//! `composer.phar.sha256sum` come from getcomposer.org.

use super::errors::{checksum_mismatch, unexpected_answer};
use super::http::Http;
use super::retriever::{Found, Release, Retriever, from_template, purl_for};
use serde_json::Value;
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

pub(super) const SITE: &str = "https://getcomposer.org";
pub(super) const PACKAGIST: &str = "https://repo.packagist.org";
const UPSTREAM: &str = "getcomposer.org";
const LIST_UPSTREAM: &str = "Packagist";

pub(super) struct Composer {
    pub site: String,
    pub packagist: String,
}

impl Retriever for Composer {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let url = format!("{}/p2/composer/composer.json", self.packagist);
        let what = "the list of Composer releases";
        let text = http.text(LIST_UPSTREAM, what, &url)?;
        let garbage = |why: &str| unexpected_answer(LIST_UPSTREAM, what, &url, why);
        let metadata: Value =
            serde_json::from_str(&text).map_err(|error| garbage(&format!("Not JSON: {error}")))?;
        let versions = metadata["packages"]["composer/composer"]
            .as_array()
            .ok_or_else(|| garbage("It has no `packages.composer/composer` list"))?;
        Ok(versions
            .iter()
            .filter_map(|item| item["version"].as_str())
            .filter_map(|text| {
                let version = semver::Version::parse(text).ok()?;
                Some(Release {
                    tag: text.to_string(),
                    version,
                    deprecation_date: None,
                })
            })
            .collect())
    }

    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error> {
        let url = format!("{}/download/{}/composer.phar", self.site, release.tag);
        let what = format!("Composer {}", release.tag);
        let sums_url = format!("{url}.sha256sum");
        let sums = http.text(UPSTREAM, &format!("the checksum of {what}"), &sums_url)?;
        let published = sums
            .split_whitespace()
            .next()
            .filter(|hex| hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| unexpected_answer(UPSTREAM, &what, &sums_url, "Not a sha256sum line"))?
            .to_ascii_lowercase();
        let digests = http.artifact(UPSTREAM, &what, &url)?;
        let checksum = digests.checksum(Algorithm::Sha256);
        if published != digests.sha256 {
            return Err(checksum_mismatch(
                UPSTREAM,
                &what,
                &url,
                &format!("sha256:{published}"),
                &checksum,
            ));
        }
        let mut entry = from_template(template, release, &url, checksum);
        entry.purl = purl_for(template, &release.tag, &digests.sha256, &url);
        Ok(Found::Entry(Box::new(entry)))
    }
}
