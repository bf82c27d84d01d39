//! Apache httpd, built from its source releases: the Apache dist folder lists
//! `httpd-<version>.tar.bz2`, each with a published `.sha512` (older ones `.sha256`).

use super::dist::{list_directory, releases_named, verified_by_published_file};
use super::http::Http;
use super::retriever::{Found, Release, Retriever, VerifiedSource};
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

/// Apache's dist archive: every release, unlike `downloads.apache.org`.
pub(super) const APACHE_DIST: &str = "https://archive.apache.org/dist";
const UPSTREAM: &str = "Apache dist";

pub(super) struct Httpd {
    pub dist: String,
}

impl Retriever for Httpd {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let url = format!("{}/httpd", self.dist);
        let names = list_directory(http, UPSTREAM, "the httpd releases", &url)?;
        Ok(releases_named(&names, "httpd-", ".tar.bz2"))
    }

    fn entry(&self, release: &Release, _: &Dependency, http: &Http) -> Result<Found, Error> {
        let url = format!("{}/httpd/httpd-{}.tar.bz2", self.dist, release.tag);
        let what = format!("the httpd {} source", release.tag);
        let (digests, published) = verified_by_published_file(http, UPSTREAM, &what, &url)?;
        Ok(Found::Source(VerifiedSource {
            url,
            checksum: digests.checksum(Algorithm::Sha256),
            verified_by: format!("the {published} Apache publishes"),
        }))
    }
}
