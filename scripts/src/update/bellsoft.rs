//! `BellSoft` Liberica (what `jvm.toml` installs): the releases API lists each build per
//! platform with its download URL and sha1; sources sit beside the binaries.

use super::errors::{checksum_mismatch, unexpected_answer};
use super::http::Http;
use super::retriever::{Found, Release, Retriever, from_template};
use serde_json::Value;
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

pub(super) const API: &str = "https://api.bell-sw.com";
const UPSTREAM: &str = "BellSoft's releases API";

pub(super) struct BellSoft {
    pub api: String,
    /// `jdk` or `jre`.
    pub bundle: &'static str,
}

impl BellSoft {
    fn list(&self, http: &Http, arch: Option<&str>) -> Result<(String, Vec<Value>), Error> {
        let arch = match arch {
            Some("arm64") => "arm",
            Some("ppc64le") => "ppc",
            _ => "x86",
        };
        let url = format!(
            "{}/v1/liberica/releases?bitness=64&os=linux&arch={arch}&package-type=tar.gz&bundle-type={}",
            self.api, self.bundle
        );
        let what = format!("the {} releases for {arch}", self.bundle);
        let text = http.text(UPSTREAM, &what, &url)?;
        let list: Value = serde_json::from_str(&text).map_err(|error| {
            unexpected_answer(UPSTREAM, &what, &url, &format!("Not JSON: {error}"))
        })?;
        match list {
            Value::Array(items) => Ok((url, items)),
            _ => Err(unexpected_answer(
                UPSTREAM,
                &what,
                &url,
                "Not a list of releases",
            )),
        }
    }
}

/// `8u492+9` is 8.0.492; `21.0.11+10` is 21.0.11.
fn version_of(item: &Value) -> Option<semver::Version> {
    let number = |name: &str| item[name].as_u64();
    let feature = number("featureVersion")?;
    let (minor, patch) = if feature == 8 {
        (0, number("updateVersion")?)
    } else {
        (number("interimVersion")?, number("updateVersion")?)
    };
    Some(semver::Version::new(feature, minor, patch))
}

impl Retriever for BellSoft {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let (_, items) = self.list(http, None)?;
        Ok(items
            .iter()
            .filter(|item| item["GA"].as_bool() != Some(false))
            .filter_map(|item| {
                Some(Release {
                    version: version_of(item)?,
                    tag: item["version"].as_str()?.to_string(),
                    deprecation_date: None,
                })
            })
            .collect())
    }

    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error> {
        let (list_url, items) = self.list(http, template.arch.as_deref())?;
        let what = format!(
            "Liberica {} {} ({})",
            self.bundle,
            release.tag,
            template.arch.as_deref().unwrap_or("amd64")
        );
        let item = items
            .iter()
            .find(|item| item["version"].as_str() == Some(release.tag.as_str()))
            .ok_or_else(|| {
                unexpected_answer(UPSTREAM, &what, &list_url, "No build for this platform")
            })?;
        let (Some(url), Some(sha1)) = (item["downloadUrl"].as_str(), item["sha1"].as_str()) else {
            return Err(unexpected_answer(
                UPSTREAM,
                &what,
                &list_url,
                "The release has no `downloadUrl` or `sha1`",
            ));
        };
        let digests = http.artifact(UPSTREAM, &what, url)?;
        let checksum = digests.checksum(Algorithm::Sha256);
        if !sha1.eq_ignore_ascii_case(&digests.sha1) {
            return Err(checksum_mismatch(
                UPSTREAM,
                &what,
                url,
                &format!("sha1:{sha1}"),
                &checksum,
            ));
        }
        let mut entry = from_template(template, release, url, checksum);
        // The sources are published beside the binaries, as one JDK source tarball.
        if template.source.is_some()
            && let Some((folder, _)) = url.rsplit_once('/')
        {
            let source = format!("{folder}/bellsoft-jdk{}-src.tar.gz", release.tag);
            let digests = http.artifact(UPSTREAM, &format!("{what} sources"), &source)?;
            entry.source_checksum = Some(digests.checksum(Algorithm::Sha256));
            entry.source = Some(source);
        }
        Ok(Found::Entry(Box::new(entry)))
    }
}
