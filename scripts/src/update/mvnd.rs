//! Maven Daemon: the Apache dist folder lists one folder per release, holding the binaries
//! (`maven-mvnd-<version>-linux-amd64.zip`, `…-linux-aarch64.zip`) and the source release,
//! each with a published `.sha512` (or `.sha256`).

use super::dist::{list_directory, verified_by_published_file};
use super::errors::unexpected_answer;
use super::http::Http;
use super::retriever::{Found, Release, Retriever, from_template};
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

const UPSTREAM: &str = "Apache dist";

pub(super) struct Mvnd {
    pub dist: String,
}

impl Mvnd {
    fn folder(&self) -> String {
        format!("{}/maven/mvnd", self.dist)
    }
}

impl Retriever for Mvnd {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let names = list_directory(http, UPSTREAM, "the mvnd releases", &self.folder())?;
        Ok(names
            .iter()
            .filter_map(|name| name.strip_suffix('/'))
            .filter_map(|tag| {
                Some(Release {
                    version: semver::Version::parse(tag).ok()?,
                    tag: tag.to_string(),
                    deprecation_date: None,
                })
            })
            .collect())
    }

    fn entry(&self, release: &Release, template: &Dependency, http: &Http) -> Result<Found, Error> {
        let tag = &release.tag;
        let folder = format!("{}/{tag}", self.folder());
        // The template's file name for the new version: the platform part stays.
        let template_file = template.uri.rsplit('/').next().unwrap_or_default();
        let file = template_file.replace(&template.version.to_string(), tag);
        let url = format!("{folder}/{file}");
        let what = format!("mvnd {tag} ({file})");
        let (digests, _) = verified_by_published_file(http, UPSTREAM, &what, &url)?;
        let mut entry = from_template(template, release, &url, digests.checksum(Algorithm::Sha256));
        let names = list_directory(http, UPSTREAM, &format!("the files of mvnd {tag}"), &folder)?;
        let source_file = ["-src.tar.gz", "-src.zip"]
            .iter()
            .find_map(|suffix| names.iter().find(|name| name.ends_with(suffix)))
            .ok_or_else(|| {
                unexpected_answer(
                    UPSTREAM,
                    &format!("the files of mvnd {tag}"),
                    &folder,
                    "It lists no source release (-src.tar.gz or -src.zip)",
                )
            })?;
        let source = format!("{folder}/{source_file}");
        let (source_digests, _) =
            verified_by_published_file(http, UPSTREAM, &format!("mvnd {tag} sources"), &source)?;
        entry.source = Some(source);
        entry.source_checksum = Some(source_digests.checksum(Algorithm::Sha256));
        Ok(Found::Entry(Box::new(entry)))
    }
}
