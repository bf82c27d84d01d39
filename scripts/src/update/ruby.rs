//! Ruby (MRI), built from its source releases: ruby-lang.org's release list
//! (`_data/releases.yml` of its site) gives each release's tarballs with their sha256, and its
//! branch list (`_data/branches.yml`) each branch's end of life, which becomes the entries'
//! deprecation date.

use super::dist;
use super::errors::unexpected_answer;
use super::http::Http;
use super::retriever::{Found, Release, Retriever};
use serde_yaml::Value;
use stowage_kit::Error;
use stowage_kit::inventory::Dependency;

pub(super) const SITE_DATA: &str =
    "https://raw.githubusercontent.com/ruby/www.ruby-lang.org/master/_data";
const UPSTREAM: &str = "ruby-lang.org";

pub(super) struct Ruby {
    /// The folder of `releases.yml` and `branches.yml`.
    pub data: String,
}

impl Ruby {
    fn list(&self, http: &Http, file: &str, what: &str) -> Result<(Vec<Value>, String), Error> {
        let url = format!("{}/{file}", self.data);
        let text = http.text(UPSTREAM, what, &url)?;
        let garbage = |why: &str| unexpected_answer(UPSTREAM, what, &url, why);
        let value: Value =
            serde_yaml::from_str(&text).map_err(|error| garbage(&format!("Not YAML: {error}")))?;
        let items = value
            .as_sequence()
            .ok_or_else(|| garbage("It is not a list"))?;
        Ok((items.clone(), url))
    }

    /// `3.4` → its end of life: `eol_date`, else `expected_eol_date` (a month means its
    /// first day), as RFC 3339.
    fn end_of_life(&self, http: &Http) -> Result<Vec<(String, String)>, Error> {
        let (branches, _) = self.list(http, "branches.yml", "the Ruby branches")?;
        Ok(branches
            .iter()
            .filter_map(|branch| {
                let name = text(&branch["name"])?;
                let date =
                    text(&branch["eol_date"]).or_else(|| text(&branch["expected_eol_date"]))?;
                let date = match date.len() {
                    7 => format!("{date}-01"),
                    _ => date,
                };
                let shape = date.len() == 10
                    && date.char_indices().all(|(i, c)| {
                        if i == 4 || i == 7 {
                            c == '-'
                        } else {
                            c.is_ascii_digit()
                        }
                    });
                if !shape {
                    return None;
                }
                Some((name, format!("{date}T00:00:00Z")))
            })
            .collect())
    }
}

/// A YAML scalar as text; unquoted branch names (`3.4`) are numbers, `3.0` printed with its
/// minor.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Number(number) => number.as_f64().map(|n| format!("{n:.1}")),
        _ => None,
    }
}

impl Retriever for Ruby {
    fn upstream(&self) -> &'static str {
        UPSTREAM
    }

    fn releases(&self, http: &Http) -> Result<Vec<Release>, Error> {
        let (items, _) = self.list(http, "releases.yml", "the Ruby releases")?;
        let ends = self.end_of_life(http)?;
        Ok(items
            .iter()
            .filter_map(|item| {
                let tag = text(&item["version"])?;
                let version = semver::Version::parse(&tag).ok()?;
                let branch = format!("{}.{}", version.major, version.minor);
                let deprecation_date = ends
                    .iter()
                    .find(|(name, _)| *name == branch)
                    .map(|(_, date)| date.clone());
                Some(Release {
                    version,
                    tag,
                    deprecation_date,
                })
            })
            .collect())
    }

    fn entry(&self, release: &Release, _: &Dependency, http: &Http) -> Result<Found, Error> {
        let (items, list_url) = self.list(http, "releases.yml", "the Ruby releases")?;
        let what = format!("the Ruby {} source", release.tag);
        let item = items
            .iter()
            .find(|item| text(&item["version"]).as_deref() == Some(release.tag.as_str()));
        let listed = |key: &str| item.and_then(|item| text(&item[key]["gz"]));
        let (Some(url), Some(published)) = (listed("url"), listed("sha256")) else {
            return Err(unexpected_answer(
                UPSTREAM,
                &what,
                &list_url,
                &format!(
                    "The release {} lists no .tar.gz URL and sha256",
                    release.tag
                ),
            ));
        };
        let published = published.to_ascii_lowercase();
        dist::source_with_listed_sha256(http, UPSTREAM, &what, url, &published, "ruby-lang.org")
    }
}
