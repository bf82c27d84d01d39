//! Bundler, built from its gem: rubygems.org's versions API lists every release with the
//! sha256 of its `.gem`.

use super::dist;
use super::errors::unexpected_answer;
use super::http::Http;
use super::retriever::{Found, Release, Retriever};
use serde_json::Value;
use stowage_kit::Error;
use stowage_kit::inventory::Dependency;

pub(super) const RUBYGEMS: &str = "https://rubygems.org";
const UPSTREAM: &str = "rubygems.org";

pub(super) struct Bundler {
    pub rubygems: String,
}

impl Bundler {
    /// The versions list: `[{"number": "2.7.2", "sha": "<sha256>", "platform": "ruby"}, …]`.
    fn versions(&self, http: &Http) -> Result<(Vec<Value>, String), Error> {
        let url = format!("{}/api/v1/versions/bundler.json", self.rubygems);
        let what = "the Bundler releases";
        let text = http.text(UPSTREAM, what, &url)?;
        let garbage = |why: &str| unexpected_answer(UPSTREAM, what, &url, why);
        let value: Value =
            serde_json::from_str(&text).map_err(|error| garbage(&format!("Not JSON: {error}")))?;
        let items = value
            .as_array()
            .ok_or_else(|| garbage("It is not a list of versions"))?;
        Ok((items.clone(), url))
    }
}

impl Retriever for Bundler {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let (items, _) = self.versions(http)?;
        Ok(items
            .iter()
            .filter(|item| item["platform"].as_str().is_none_or(|p| p == "ruby"))
            .filter_map(|item| item["number"].as_str())
            .filter_map(|tag| {
                Some(Release {
                    version: semver::Version::parse(tag).ok()?,
                    tag: tag.to_string(),
                    deprecation_date: None,
                })
            })
            .collect())
    }

    fn entry(&self, release: &Release, _: &Dependency, http: &Http) -> Result<Found, Error> {
        let (items, list_url) = self.versions(http)?;
        let what = format!("bundler-{}.gem", release.tag);
        let published = items
            .iter()
            .find(|item| item["number"].as_str() == Some(release.tag.as_str()))
            .and_then(|item| item["sha"].as_str())
            .filter(|sha| sha.len() == 64 && sha.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| {
                unexpected_answer(
                    UPSTREAM,
                    &what,
                    &list_url,
                    &format!("No sha256 is listed for {}", release.tag),
                )
            })?
            .to_ascii_lowercase();
        let url = format!("{}/downloads/{what}", self.rubygems);
        dist::source_with_listed_sha256(http, UPSTREAM, &what, url, &published, "rubygems.org")
    }
}
