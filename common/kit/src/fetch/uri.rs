//! Just enough URI handling for dependency URLs: no full RFC 3986 parser is needed, and the
//! `http` types ureq brings reject `file://`.

use std::path::PathBuf;

/// `scheme://authority/path?query`, borrowed from the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    pub scheme: &'a str,
    pub authority: &'a str,
    /// Starts with `/` when not empty; the fragment is dropped.
    pub path_and_query: &'a str,
}

impl<'a> Parts<'a> {
    pub(super) fn parse(uri: &'a str) -> Option<Self> {
        let (scheme, rest) = uri.split_once("://")?;
        let mut chars = scheme.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if !valid {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        Some(Self {
            scheme,
            authority: &rest[..end],
            path_and_query: &rest[end..],
        })
    }

    pub(super) fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// The host without user info or port; IPv6 hosts keep their brackets.
    pub(super) fn host(&self) -> &'a str {
        let host_port = self.host_port();
        if host_port.starts_with('[') {
            return host_port
                .find(']')
                .map_or(host_port, |end| &host_port[..=end]);
        }
        host_port.split(':').next().unwrap_or_default()
    }

    pub(super) fn port(&self) -> Option<u16> {
        let host_port = self.host_port();
        let after_host = &host_port[self.host().len()..];
        after_host.strip_prefix(':')?.parse().ok()
    }

    pub(super) fn path(&self) -> &'a str {
        self.path_and_query.split('?').next().unwrap_or_default()
    }

    fn host_port(&self) -> &'a str {
        self.authority
            .rsplit_once('@')
            .map_or(self.authority, |(_, host_port)| host_port)
    }
}

/// The URI with any `user:password@` hidden, for logs, errors and metadata.
pub(crate) fn redact(uri: &str) -> String {
    match Parts::parse(uri) {
        Some(parts) if parts.authority.contains('@') => format!(
            "{}://***@{}{}",
            parts.scheme,
            parts.host_port(),
            parts.path_and_query
        ),
        _ => uri.to_string(),
    }
}

/// Why a URI cannot be downloaded, or `None` when its scheme and shape are fine.
pub(crate) fn problem(uri: &str) -> Option<&'static str> {
    let Some(parts) = Parts::parse(uri) else {
        return Some("it is not an absolute URI such as `https://host/path`");
    };
    if parts.is("https") || parts.is("http") {
        if parts.host().is_empty() {
            return Some("it has no host");
        }
        return None;
    }
    if parts.is("file") {
        return file_path(uri)
            .is_none()
            .then_some("a file URI needs an absolute path, e.g. `file:///deps/node.tar.gz`");
    }
    Some("only https://, http:// and file:// URIs are supported")
}

/// The local path of a `file://` URI (empty or `localhost` host), percent-decoded.
pub(crate) fn file_path(uri: &str) -> Option<PathBuf> {
    let parts = Parts::parse(uri)?;
    if !parts.is("file") || !(parts.authority.is_empty() || parts.authority == "localhost") {
        return None;
    }
    let path = decode(parts.path());
    path.starts_with('/').then(|| PathBuf::from(path))
}

/// The last path segment, percent-decoded; `None` for a path ending in `/`.
pub(crate) fn file_name(uri: &str) -> Option<String> {
    let path = Parts::parse(uri)?.path();
    let name = decode(path.rsplit('/').next()?);
    (!name.is_empty() && name != "." && name != ".." && !name.contains('/')).then_some(name)
}

/// Resolves a redirect's `Location` against the URI that answered it.
pub(crate) fn resolve(base: &str, location: &str) -> Option<String> {
    if Parts::parse(location).is_some() {
        return Some(location.to_string());
    }
    let parts = Parts::parse(base)?;
    if let Some(rest) = location.strip_prefix("//") {
        return Some(format!("{}://{rest}", parts.scheme));
    }
    let origin = format!("{}://{}", parts.scheme, parts.authority);
    if location.starts_with('/') {
        return Some(format!("{origin}{location}"));
    }
    let dir = parts.path().rsplit_once('/').map_or("", |(dir, _)| dir);
    Some(format!("{origin}{dir}/{location}"))
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_scheme_host_port_and_path() {
        let parts =
            Parts::parse("https://u:p@Nodejs.org:8443/dist/v1/x.tgz?a=b#frag").expect("uri");
        assert_eq!(parts.scheme, "https");
        assert_eq!(parts.host(), "Nodejs.org");
        assert_eq!(parts.port(), Some(8443));
        assert_eq!(parts.path(), "/dist/v1/x.tgz");
        assert_eq!(parts.path_and_query, "/dist/v1/x.tgz?a=b");
        let v6 = Parts::parse("http://[::1]:80/x").expect("uri");
        assert_eq!((v6.host(), v6.port()), ("[::1]", Some(80)));
        assert_eq!(
            Parts::parse("https://host").expect("uri").path_and_query,
            ""
        );
        assert!(Parts::parse("no-scheme/path").is_none());
    }

    #[test]
    fn hides_credentials() {
        assert_eq!(
            redact("https://user:secret@m.corp/x"),
            "https://***@m.corp/x"
        );
        assert_eq!(redact("https://m.corp/a@b"), "https://m.corp/a@b");
    }

    #[test]
    fn file_uris_and_names() {
        assert_eq!(
            file_path("file:///deps/a%20b.tgz"),
            Some(PathBuf::from("/deps/a b.tgz"))
        );
        assert_eq!(file_path("file://localhost/x"), Some(PathBuf::from("/x")));
        assert_eq!(file_path("file://other/x"), None);
        assert_eq!(file_path("file://relative"), None);
        assert_eq!(
            file_name("https://h/a/node.tar.gz?x=1").as_deref(),
            Some("node.tar.gz")
        );
        assert_eq!(file_name("https://h/a/"), None);
    }

    #[test]
    fn judges_schemes() {
        assert_eq!(problem("https://h/x"), None);
        assert_eq!(problem("file:///x"), None);
        assert!(problem("ftp://h/x").is_some());
        assert!(problem("https:///x").is_some());
        assert!(problem("mirror.corp").is_some());
    }

    #[test]
    fn resolves_redirects() {
        let base = "https://h:1/a/b/c.tgz";
        assert_eq!(resolve(base, "https://o/x").as_deref(), Some("https://o/x"));
        assert_eq!(resolve(base, "//o/x").as_deref(), Some("https://o/x"));
        assert_eq!(resolve(base, "/x").as_deref(), Some("https://h:1/x"));
        assert_eq!(
            resolve(base, "d.tgz").as_deref(),
            Some("https://h:1/a/b/d.tgz")
        );
    }
}
