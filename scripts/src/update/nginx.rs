//! nginx, built from its source releases: nginx.org's download folder lists
//! `nginx-<version>.tar.gz`, each with a detached `OpenPGP` signature (`.asc`) that must verify
//! against the signing keys in `nginx-keys/`; nginx publishes no checksums, so the source's
//! sha256 is computed from the signed bytes.

use super::dist::{list_directory, releases_named};
use super::errors::bad_signature;
use super::http::Http;
use super::retriever::{Found, Release, Retriever, VerifiedSource};
use super::signature::{load_keys, verify_detached};
use std::cell::RefCell;
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

pub(super) const SITE: &str = "https://nginx.org";
const UPSTREAM: &str = "nginx.org";
const KEYS: (&str, &str) = ("nginx-keys", "nginx");

pub(super) struct Nginx {
    pub site: String,
    /// The folder of nginx's signing keys.
    pub keys: PathBuf,
}

impl Retriever for Nginx {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let url = format!("{}/download", self.site);
        let names = list_directory(http, UPSTREAM, "the nginx releases", &url)?;
        Ok(releases_named(&names, "nginx-", ".tar.gz"))
    }

    fn entry(&self, release: &Release, _: &Dependency, http: &Http) -> Result<Found, Error> {
        let url = format!("{}/download/nginx-{}.tar.gz", self.site, release.tag);
        let what = format!("the nginx {} source", release.tag);
        let signature_url = format!("{url}.asc");
        let armored = http.text(
            UPSTREAM,
            &format!("the signature of {what}"),
            &signature_url,
        )?;
        let refused = |why: String| {
            let mut why = why;
            if let Some(first) = why.get(..1) {
                why = first.to_uppercase() + &why[1..];
            }
            bad_signature(UPSTREAM, &what, &signature_url, &why, KEYS)
        };
        let keys = load_keys(&self.keys)
            .map_err(|why| refused(format!("the signing keys could not be read: {why}")))?;
        let signer = RefCell::new(String::new());
        let digests = http.artifact_checked(UPSTREAM, &what, &url, |bytes| {
            *signer.borrow_mut() = verify_detached(&armored, bytes, &keys).map_err(&refused)?;
            Ok(())
        })?;
        let signer = signer.into_inner();
        Ok(Found::Source(VerifiedSource {
            url,
            checksum: digests.checksum(Algorithm::Sha256),
            verified_by: if signer.is_empty() {
                "its signature, verified earlier in this run".to_string()
            } else {
                format!("its signature by {signer}")
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::signature::{identity, load_keys};
    use std::path::Path;

    /// The keys kept in the repository are nginx's releasers, as the README says.
    #[test]
    fn the_kept_keys_are_nginx_releasers() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/update/nginx-keys");
        let keys: Vec<String> = load_keys(&dir)
            .expect("keys")
            .iter()
            .map(identity)
            .collect();
        assert_eq!(
            keys,
            [
                "Maxim Dounin <mdounin@mdounin.ru> (B0F4253373F8F6F510D42178520A9993A1C052F8)",
                "Konstantin Pavlov <k.pavlov@f5.com> (13C82A63B603576156E30A4EA0EA981B66B0D967)",
            ]
        );
    }
}
