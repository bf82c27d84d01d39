//! Node.js: `dist/index.json` lists the releases; each release's `SHASUMS256.txt.asc` is
//! clear-signed by a releaser, verified against the keys in `nodejs-keys/` before any of its
//! checksums is trusted. End-of-life dates come from the Release WG's `schedule.json`.

use super::errors::{bad_signature, checksum_mismatch, unexpected_answer};
use super::http::Http;
use super::retriever::{Found, Release, Retriever, from_template};
use super::signature::{load_keys, verify_clearsigned};
use serde_json::Value;
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

pub(super) const DIST: &str = "https://nodejs.org/dist";
pub(super) const SCHEDULE: &str =
    "https://raw.githubusercontent.com/nodejs/Release/main/schedule.json";
const UPSTREAM: &str = "nodejs.org";
const KEYS: (&str, &str) = ("nodejs-keys", "Node.js");

pub(super) struct NodeJs {
    pub dist: String,
    pub schedule: String,
    /// The folder of the releasers' public keys.
    pub keys: PathBuf,
}

impl NodeJs {
    /// `v22` → `2027-04-30T00:00:00Z`.
    fn end_of_life(&self, http: &Http, major: u64) -> Result<Option<String>, Error> {
        let what = "the release schedule";
        let text = http.text("the Node.js Release WG", what, &self.schedule)?;
        let schedule: Value = serde_json::from_str(&text).map_err(|error| {
            unexpected_answer(
                "the Node.js Release WG",
                what,
                &self.schedule,
                &error.to_string(),
            )
        })?;
        Ok(schedule[format!("v{major}")]["end"]
            .as_str()
            .map(|date| format!("{date}T00:00:00Z")))
    }

    /// The verified `SHASUMS256.txt` of a release.
    fn shasums(&self, http: &Http, tag: &str) -> Result<String, Error> {
        let url = format!("{}/{tag}/SHASUMS256.txt.asc", self.dist);
        let what = format!("SHASUMS256.txt of {tag}");
        let armored = http.text(UPSTREAM, &what, &url)?;
        let keys = load_keys(&self.keys).map_err(|why| {
            bad_signature(
                UPSTREAM,
                &what,
                &url,
                &format!("The release keys could not be read: {why}"),
                KEYS,
            )
        })?;
        verify_clearsigned(&armored, &keys).map_err(|why| {
            let mut why = why;
            if let Some(first) = why.get(..1) {
                why = first.to_uppercase() + &why[1..];
            }
            bad_signature(UPSTREAM, &what, &url, &why, KEYS)
        })
    }
}

impl Retriever for NodeJs {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let url = format!("{}/index.json", self.dist);
        let what = "the list of releases";
        let text = http.text(UPSTREAM, what, &url)?;
        let garbage = |why: &str| unexpected_answer(UPSTREAM, what, &url, why);
        let index: Value =
            serde_json::from_str(&text).map_err(|error| garbage(&format!("Not JSON: {error}")))?;
        let items = index
            .as_array()
            .ok_or_else(|| garbage("index.json is not a list of releases"))?;
        let mut releases = Vec::new();
        for item in items {
            let Some(tag) = item["version"].as_str() else {
                continue;
            };
            let Ok(version) = semver::Version::parse(tag.trim_start_matches('v')) else {
                continue;
            };
            releases.push(Release {
                deprecation_date: self.end_of_life(http, version.major)?,
                version,
                tag: tag.to_string(),
            });
        }
        Ok(releases)
    }

    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error> {
        let tag = &release.tag;
        let platform = match template.arch.as_deref() {
            Some("arm64") => "linux-arm64",
            _ => "linux-x64",
        };
        let extension = if template.uri.ends_with(".tar.gz") {
            "tar.gz"
        } else {
            "tar.xz"
        };
        let file = format!("node-{tag}-{platform}.{extension}");
        let url = format!("{}/{tag}/{file}", self.dist);
        let what = format!("Node.js {tag} ({platform})");
        let shasums = self.shasums(http, tag)?;
        let published = shasums
            .lines()
            .find_map(|line| {
                let (sha, name) = line.split_once(char::is_whitespace)?;
                (name.trim() == file).then(|| sha.to_ascii_lowercase())
            })
            .ok_or_else(|| {
                unexpected_answer(
                    UPSTREAM,
                    &what,
                    &url,
                    &format!("SHASUMS256.txt of {tag} does not list {file}"),
                )
            })?;
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
        entry.purl = Some(format!(
            "pkg:generic/node@{tag}?checksum={}&download_url={url}",
            digests.sha256
        ));
        Ok(Found::Entry(Box::new(entry)))
    }
}
