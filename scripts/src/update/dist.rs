//! What several upstreams share: a web server's directory index (Apache dist, nginx.org), a
//! file checked against the `<file>.sha512` (or `.sha256`, `.sha1`) published beside it, and a
//! source checked against the sha256 its upstream's release list gives.

use super::errors::{checksum_mismatch, unexpected_answer};
use super::http::{Digests, Http};
use super::retriever::{Found, Release, VerifiedSource};
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;

/// The names a directory index links to (`httpd-2.4.68.tar.bz2`, `1.0.6/`): relative links
/// only, without the parent, sorting links and query strings.
pub(super) fn list_directory(
    http: &Http,
    upstream: &str,
    what: &str,
    url: &str,
) -> Result<Vec<String>, Error> {
    let index_url = format!("{}/", url.trim_end_matches('/'));
    let html = http.text(upstream, what, &index_url)?;
    let names: Vec<String> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|piece| piece.split_once('"').map(|(link, _)| link))
        .filter(|link| {
            !link.is_empty()
                && !link.starts_with(['/', '?', '#', '.'])
                && !link.contains("://")
                && !link.starts_with("mailto:")
        })
        .map(ToString::to_string)
        .collect();
    if names.is_empty() {
        return Err(unexpected_answer(
            upstream,
            what,
            &index_url,
            "The answer is not a directory index with links",
        ));
    }
    Ok(names)
}

/// The releases a listing names as `<prefix><version><suffix>` (`httpd-`, `.tar.bz2`);
/// names whose version is not `x.y.z` are left out.
pub(super) fn releases_named(names: &[String], prefix: &str, suffix: &str) -> Vec<Release> {
    names
        .iter()
        .filter_map(|name| name.strip_prefix(prefix)?.strip_suffix(suffix))
        .filter_map(|tag| {
            Some(Release {
                version: semver::Version::parse(tag).ok()?,
                tag: tag.to_string(),
                deprecation_date: None,
            })
        })
        .collect()
}

/// The hex digest in a published checksum file, whichever layout it has: `<hex>  <file>`,
/// `SHA512 (<file>) = <hex>`, or gpg's `<file>: 1A2B 3C4D …` over several lines.
fn published_hex(text: &str, length: usize) -> Option<String> {
    let is_hex = |token: &str| !token.is_empty() && token.chars().all(|c| c.is_ascii_hexdigit());
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if let Some(whole) = tokens.iter().find(|t| t.len() == length && is_hex(t)) {
        return Some(whole.to_ascii_lowercase());
    }
    let joined: String = tokens.into_iter().filter(|t| is_hex(t)).collect();
    (joined.len() == length).then(|| joined.to_ascii_lowercase())
}

/// Downloads `url` and checks it against the first of `<url>.sha512`, `.sha256`, `.sha1`
/// that the upstream publishes; returns the digests and which one matched.
pub(super) fn verified_by_published_file(
    http: &Http,
    upstream: &str,
    what: &str,
    url: &str,
) -> Result<(Digests, &'static str), Error> {
    let mut published = None;
    for (extension, length) in [("sha512", 128), ("sha256", 64), ("sha1", 40)] {
        let sums_url = format!("{url}.{extension}");
        let Ok(text) = http.text(upstream, &format!("the {extension} of {what}"), &sums_url) else {
            continue;
        };
        let hex = published_hex(&text, length).ok_or_else(|| {
            unexpected_answer(
                upstream,
                what,
                &sums_url,
                &format!("It holds no {extension} digest"),
            )
        })?;
        published = Some((extension, hex));
        break;
    }
    let Some((extension, hex)) = published else {
        // Say that the file itself is missing, when it is.
        http.artifact(upstream, what, url)?;
        return Err(unexpected_answer(
            upstream,
            what,
            url,
            "No .sha512, .sha256 or .sha1 file is published beside it",
        ));
    };
    let digests = http.artifact(upstream, what, url)?;
    let computed = match extension {
        "sha512" => &digests.sha512,
        "sha256" => &digests.sha256,
        _ => &digests.sha1,
    };
    if *computed != hex {
        let shown = if extension == "sha512" {
            digests.checksum(Algorithm::Sha512)
        } else {
            digests.checksum(Algorithm::Sha256)
        };
        return Err(checksum_mismatch(
            upstream,
            what,
            url,
            &format!("{extension}:{hex}"),
            &shown,
        ));
    }
    Ok((digests, extension))
}

/// The source at `url`, downloaded once and checked against `published` (hex sha256, as
/// `lister` lists it, e.g. "php.net").
pub(super) fn source_with_listed_sha256(
    http: &Http,
    upstream: &str,
    what: &str,
    url: String,
    published: &str,
    lister: &str,
) -> Result<Found, Error> {
    let published = published.to_ascii_lowercase();
    let digests = http.artifact(upstream, what, &url)?;
    let checksum = digests.checksum(Algorithm::Sha256);
    if digests.sha256 != published {
        return Err(checksum_mismatch(
            upstream,
            what,
            &url,
            &format!("sha256:{published}"),
            &checksum,
        ));
    }
    Ok(Found::Source(VerifiedSource {
        url,
        checksum,
        verified_by: format!("the sha256 {lister} lists"),
    }))
}

#[cfg(test)]
mod tests {
    use super::published_hex;

    #[test]
    fn published_digests_in_every_layout() {
        let hex = "ab".repeat(32);
        assert_eq!(
            published_hex(&format!("{hex}  httpd-2.4.68.tar.bz2\n"), 64),
            Some(hex.clone())
        );
        assert_eq!(
            published_hex(&format!("SHA256 (httpd-2.4.68.tar.bz2) = {hex}\n"), 64),
            Some(hex.clone())
        );
        let grouped: Vec<String> = hex
            .to_uppercase()
            .as_bytes()
            .chunks(8)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        assert_eq!(
            published_hex(
                &format!("httpd-2.4.68.tar.bz2: {}\n", grouped.join(" ")),
                64
            ),
            Some(hex.clone())
        );
        assert_eq!(published_hex("<html>not found</html>", 64), None);
        assert_eq!(published_hex(&hex, 128), None);
    }
}
