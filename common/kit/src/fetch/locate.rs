//! Where to download a dependency from: a `dependency-mapping` binding for its checksum, else a
//! mirror, else the entry's own URI.

use super::mirror;
use super::uri::{Parts, problem, redact};
use crate::Error;
use crate::bindings::Bindings;
use crate::inventory::Dependency;

/// The chosen URI and why it was chosen; the build log prints the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub uri: String,
    pub source: Source,
    /// e.g. `mirror from BP_DEPENDENCY_MIRROR`, `dependency-mapping binding "offline"`, `upstream`.
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file inside the buildpack (an offline package).
    Bundled,
    Mapping,
    Mirror,
    Upstream,
}

impl Location {
    /// The entry's own URI, for callers that do not look at mappings or mirrors. Its reason
    /// says `local file` for a `file://` entry (an offline package), `upstream` otherwise.
    #[must_use]
    pub fn upstream(dependency: &Dependency) -> Self {
        let local = Parts::parse(&dependency.uri).is_some_and(|parts| parts.is("file"));
        Self {
            uri: dependency.uri.clone(),
            source: Source::Upstream,
            reason: if local { "local file" } else { "upstream" }.to_string(),
        }
    }

    /// The URI without credentials, for logs and metadata.
    #[must_use]
    pub fn display_uri(&self) -> String {
        redact(&self.uri)
    }
}

/// `env` is the platform env (`context.platform.env()`), where users set `BP_*` variables.
pub fn locate(
    dependency: &Dependency,
    env: &libcnb::Env,
    bindings: &Bindings,
) -> Result<Location, Error> {
    if let Some(location) = mapping(dependency, bindings)? {
        return Ok(location);
    }
    let Some(parts) = Parts::parse(&dependency.uri).filter(|p| p.is("https") || p.is("http"))
    else {
        // file:// (offline packages) and odd URIs have no host to mirror.
        return Ok(Location::upstream(dependency));
    };
    match mirror::find(parts.host(), env, bindings)? {
        Some(found) => Ok(Location {
            uri: mirror::rewrite(&found.value, &parts),
            source: Source::Mirror,
            reason: format!("mirror from {}", found.origin),
        }),
        None => Ok(Location::upstream(dependency)),
    }
}

/// Keys may be `<hex>`, `<algorithm>:<hex>` or `<algorithm>_<hex>`, in any case.
fn mapping(dependency: &Dependency, bindings: &Bindings) -> Result<Option<Location>, Error> {
    let checksum = &dependency.checksum;
    let algorithm = checksum.algorithm.name();
    let names = [
        checksum.hex.clone(),
        format!("{algorithm}:{}", checksum.hex),
        format!("{algorithm}_{}", checksum.hex),
    ];
    for binding in bindings.of_type("dependency-mapping") {
        let Some(key) = binding
            .keys()
            .find(|key| names.iter().any(|name| name.eq_ignore_ascii_case(key)))
        else {
            continue;
        };
        let uri = binding.value(key)?.unwrap_or_default();
        if let Some(why) = problem(&uri) {
            return Err(invalid_mapping(&binding.name, key, &uri, why));
        }
        return Ok(Some(Location {
            uri,
            source: Source::Mapping,
            reason: format!("dependency-mapping binding {:?}", binding.name),
        }));
    }
    Ok(None)
}

fn invalid_mapping(binding: &str, key: &str, uri: &str, why: &str) -> Error {
    let problem = if uri.is_empty() {
        format!("Its key `{key}` is empty.")
    } else {
        format!(
            "Its key `{key}` holds `{}`, which cannot be used: {why}.",
            redact(uri)
        )
    };
    Error::new(
        "fetch/invalid-mapping",
        format!("The dependency-mapping binding {binding:?} has an invalid URI"),
        format!(
            "{problem}\n\
             Each key of a dependency-mapping binding is a dependency's checksum and holds the URI\n\
             of a copy of it, e.g. `https://mirror.corp/node-v24.18.1-linux-x64.tar.gz` or\n\
             `file:///deps/node.tar.gz`."
        ),
    )
    .binding(binding)
}

#[cfg(test)]
mod tests;
