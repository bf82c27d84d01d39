//! .NET: `releases-index.json` lists the channels (8.0, 9.0, …) with their end of support and
//! their `releases.json`, which lists every release's SDKs and runtimes per platform with a
//! sha512 of each file.

use super::errors::{checksum_mismatch, unexpected_answer};
use super::http::Http;
use super::retriever::{Found, Release, Retriever, from_template, purl_for};
use serde_json::Value;
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

pub(super) const RELEASE_METADATA: &str =
    "https://builds.dotnet.microsoft.com/dotnet/release-metadata";
const UPSTREAM: &str = "Microsoft's .NET release metadata";

/// Which product of a release a dependency id is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Product {
    /// `dotnet-sdk`: every SDK feature band of a release (`sdks`).
    Sdk,
    /// `dotnet-runtime`: `runtime`.
    Runtime,
    /// `aspnetcore-runtime`: `aspnetcore-runtime`.
    AspNetCore,
}

impl Product {
    /// The file name prefix in `files[].name` (`dotnet-sdk-linux-x64.tar.gz`).
    fn file_prefix(self) -> &'static str {
        match self {
            Self::Sdk => "dotnet-sdk",
            Self::Runtime => "dotnet-runtime",
            Self::AspNetCore => "aspnetcore-runtime",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Sdk => ".NET SDK",
            Self::Runtime => ".NET Runtime",
            Self::AspNetCore => "ASP.NET Core Runtime",
        }
    }

    /// The product's entries of one release (an SDK release can carry several bands).
    fn of(self, release: &Value) -> Vec<&Value> {
        match self {
            Self::Sdk => match release["sdks"].as_array() {
                Some(sdks) => sdks.iter().collect(),
                None => release.get("sdk").into_iter().collect(),
            },
            Self::Runtime => release.get("runtime").into_iter().collect(),
            Self::AspNetCore => release.get("aspnetcore-runtime").into_iter().collect(),
        }
    }
}

pub(super) struct DotNet {
    pub metadata: String,
    pub product: Product,
}

/// One channel of the index: its version (`8.0`), `releases.json` and end of support.
struct Channel {
    version: String,
    releases_url: String,
    end_of_life: Option<String>,
}

fn json(http: &Http, what: &str, url: &str) -> Result<Value, Error> {
    let text = http.text(UPSTREAM, what, url)?;
    serde_json::from_str(&text)
        .map_err(|error| unexpected_answer(UPSTREAM, what, url, &format!("Not JSON: {error}")))
}

impl Channel {
    /// The releases of one channel.
    fn releases(&self, http: &Http) -> Result<Vec<Value>, Error> {
        let what = format!("the .NET {} releases", self.version);
        let list = json(http, &what, &self.releases_url)?;
        list["releases"].as_array().cloned().ok_or_else(|| {
            unexpected_answer(
                UPSTREAM,
                &what,
                &self.releases_url,
                "It has no `releases` list",
            )
        })
    }
}

impl DotNet {
    fn channels(&self, http: &Http) -> Result<Vec<Channel>, Error> {
        let url = format!("{}/releases-index.json", self.metadata);
        let what = "the list of .NET channels";
        let index = json(http, what, &url)?;
        let items = index["releases-index"].as_array().ok_or_else(|| {
            unexpected_answer(UPSTREAM, what, &url, "It has no `releases-index` list")
        })?;
        Ok(items
            .iter()
            .filter_map(|item| {
                Some(Channel {
                    version: item["channel-version"].as_str()?.to_string(),
                    releases_url: item["releases.json"].as_str()?.to_string(),
                    end_of_life: item["eol-date"]
                        .as_str()
                        .filter(|date| !date.is_empty())
                        .map(|date| format!("{date}T00:00:00Z")),
                })
            })
            .collect())
    }
}

impl Retriever for DotNet {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let mut releases = Vec::new();
        for channel in self.channels(http)? {
            for release in channel.releases(http)? {
                for product in self.product.of(&release) {
                    let Some(text) = product["version"].as_str() else {
                        continue;
                    };
                    let Ok(version) = semver::Version::parse(text) else {
                        continue;
                    };
                    if releases
                        .iter()
                        .any(|known: &Release| known.version == version)
                    {
                        continue;
                    }
                    releases.push(Release {
                        version,
                        tag: channel.version.clone(),
                        deprecation_date: channel.end_of_life.clone(),
                    });
                }
            }
        }
        Ok(releases)
    }

    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error> {
        let rid = match template.arch.as_deref() {
            Some("arm64") => "linux-arm64",
            _ => "linux-x64",
        };
        let what = format!("{} {} ({rid})", self.product.label(), release.version);
        let channel = self
            .channels(http)?
            .into_iter()
            .find(|channel| channel.version == release.tag)
            .ok_or_else(|| {
                unexpected_answer(
                    UPSTREAM,
                    &what,
                    &self.metadata,
                    &format!("The index no longer lists channel {}", release.tag),
                )
            })?;
        let version = release.version.to_string();
        let wanted = format!("{}-{rid}.tar.gz", self.product.file_prefix());
        let releases = channel.releases(http)?;
        let file = releases
            .iter()
            .flat_map(|item| self.product.of(item))
            .filter(|product| product["version"].as_str() == Some(version.as_str()))
            .flat_map(|product| product["files"].as_array().into_iter().flatten())
            .find(|file| file["name"].as_str() == Some(wanted.as_str()))
            .ok_or_else(|| {
                unexpected_answer(
                    UPSTREAM,
                    &what,
                    &channel.releases_url,
                    &format!("The release lists no {wanted}"),
                )
            })?;
        let (Some(url), Some(hash)) = (file["url"].as_str(), file["hash"].as_str()) else {
            return Err(unexpected_answer(
                UPSTREAM,
                &what,
                &channel.releases_url,
                "The file has no `url` or `hash`",
            ));
        };
        let digests = http.artifact(UPSTREAM, &what, url)?;
        let checksum = digests.checksum(Algorithm::Sha512);
        if !hash.eq_ignore_ascii_case(&digests.sha512) {
            return Err(checksum_mismatch(
                UPSTREAM,
                &what,
                url,
                &format!("sha512:{hash}"),
                &checksum,
            ));
        }
        let mut entry = from_template(template, release, url, checksum);
        entry.purl = purl_for(template, &version, &digests.sha512, url);
        Ok(Found::Entry(Box::new(entry)))
    }
}
