//! The npm registry: a package's packument lists its versions, each with its tarball and
//! `dist.integrity` (sha512, base64) or, for old versions, `dist.shasum` (sha1, hex).

use super::errors::{checksum_mismatch, unexpected_answer};
use super::http::Http;
use super::retriever::{Found, Release, Retriever, from_template};
use base64::Engine as _;
use serde_json::Value;
use std::ops::RangeInclusive;
use stowage_kit::Error;
use stowage_kit::inventory::Dependency;

pub(super) const PUBLIC_REGISTRY: &str = "https://registry.npmjs.org";
const UPSTREAM: &str = "the npm registry";

/// A dependency published as one or more npm packages, each for a range of majors (Yarn 1 is
/// `yarn`, Yarn 2+ `@yarnpkg/cli-dist`).
pub(super) struct Npm {
    pub registry: String,
    pub packages: Vec<(&'static str, RangeInclusive<u64>)>,
}

impl Npm {
    fn packument_url(&self, package: &str) -> String {
        format!("{}/{}", self.registry, package.replace('/', "%2f"))
    }

    fn packument(&self, package: &str, http: &Http) -> Result<Value, Error> {
        let url = self.packument_url(package);
        let what = format!("the versions of {package}");
        let text = http.text(UPSTREAM, &what, &url)?;
        let value: Value = serde_json::from_str(&text).map_err(|error| {
            unexpected_answer(UPSTREAM, &what, &url, &format!("Not JSON: {error}"))
        })?;
        if value.get("versions").and_then(Value::as_object).is_none() {
            return Err(unexpected_answer(
                UPSTREAM,
                &what,
                &url,
                "The packument has no `versions` object",
            ));
        }
        Ok(value)
    }
}

impl Retriever for Npm {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let mut releases = Vec::new();
        for (package, majors) in &self.packages {
            let packument = self.packument(package, http)?;
            let versions = packument["versions"].as_object().into_iter().flatten();
            for (text, _) in versions {
                if let Ok(version) = semver::Version::parse(text)
                    && majors.contains(&version.major)
                {
                    releases.push(Release {
                        version,
                        tag: (*package).to_string(),
                        deprecation_date: None,
                    });
                }
            }
        }
        Ok(releases)
    }

    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error> {
        let package = release.tag.as_str();
        let version = release.version.to_string();
        let what = format!("{package} {version}");
        let packument = self.packument(package, http)?;
        let url = self.packument_url(package);
        let meta = &packument["versions"][&version];
        let garbage = |why: &str| unexpected_answer(UPSTREAM, &what, &url, why);
        let tarball = meta["dist"]["tarball"]
            .as_str()
            .ok_or_else(|| garbage("The version has no `dist.tarball`"))?;
        let digests = http.artifact(UPSTREAM, &what, tarball)?;
        let integrity = meta["dist"]["integrity"]
            .as_str()
            .and_then(|integrity| integrity.strip_prefix("sha512-"));
        let (published, computed) = match (integrity, meta["dist"]["shasum"].as_str()) {
            (Some(base64), _) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(base64)
                    .map_err(|_| garbage("`dist.integrity` is not base64"))?;
                (hex::encode(bytes), digests.sha512.clone())
            }
            (None, Some(sha1)) => (sha1.to_ascii_lowercase(), digests.sha1.clone()),
            (None, None) => {
                return Err(garbage(
                    "The version has no `dist.integrity` or `dist.shasum`",
                ));
            }
        };
        let checksum = digests.checksum(template.checksum.algorithm);
        if published != computed {
            return Err(checksum_mismatch(
                UPSTREAM, &what, tarball, &published, &checksum,
            ));
        }
        let mut entry = from_template(template, release, tarball, checksum);
        entry.purl = Some(format!("pkg:npm/{}@{version}", package.replace('@', "%40")));
        if let Some(license) = meta["license"].as_str() {
            entry.licenses = vec![license.to_string()];
        }
        Ok(Found::Entry(Box::new(entry)))
    }
}
