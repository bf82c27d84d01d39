//! Every user-facing error of a fetch, in one place so their wording stays consistent.

use super::locate::Source;
use super::unpack::Format;
use super::uri::redact;
use crate::Error;
use crate::checksum::Checksum;
use std::path::Path;

/// What is being fetched, for messages.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    /// e.g. `node 24.18.1`.
    pub what: String,
    /// Redacted.
    pub uri: String,
    pub source: Source,
    /// Why this URI was chosen, e.g. `mirror from BP_DEPENDENCY_MIRROR`.
    pub reason: String,
}

impl Context {
    /// Where the bytes come from, e.g. `the mirror from BP_DEPENDENCY_MIRROR`.
    fn origin(&self) -> String {
        match self.source {
            Source::Upstream => "the upstream URI".to_string(),
            Source::Bundled => "the file bundled in the buildpack".to_string(),
            Source::Mirror => format!("the {}", self.reason),
            Source::Mapping => format!("the URI from {}", self.reason),
        }
    }

    fn origin_capitalized(&self) -> String {
        let origin = self.origin();
        format!("T{}", &origin[1..])
    }
}

const OFFLINE_HINT: &str = "If this build cannot reach the internet, point it at a copy you host:\n\
     - set BP_DEPENDENCY_MIRROR (or BP_DEPENDENCY_MIRROR_<HOST>) to a mirror URL, or\n\
     - add a service binding of type `dependency-mapping` with a file named after the\n\
       dependency's checksum that holds the URI of your copy.";

pub(crate) fn download_failed(context: &Context, attempts: u32, last: &str) -> Error {
    let tries = if attempts == 1 {
        "1 attempt".to_string()
    } else {
        format!("{attempts} attempts")
    };
    Error::new(
        "fetch/download-failed",
        format!("Could not download {}", context.what),
        format!(
            "Downloading it from {} failed after {tries}; the last one with: {last}.\n\n\
             Check that the build can reach the server, through HTTPS_PROXY / HTTP_PROXY if it needs\n\
             a proxy. {OFFLINE_HINT}",
            context.origin()
        ),
    )
    .url(&context.uri)
}

pub(crate) fn refused(context: &Context, status: &str) -> Error {
    let advice = match context.source {
        Source::Upstream => format!(
            "The file may have moved upstream: a newer version of the buildpack may pin one that\n\
             works. {OFFLINE_HINT}"
        ),
        Source::Bundled | Source::Mirror | Source::Mapping => {
            "Check that it serves this exact file at this path, or remove it to download\n\
             from the URI the buildpack pins."
                .to_string()
        }
    };
    Error::new(
        "fetch/download-failed",
        format!("Could not download {}", context.what),
        format!(
            "{} answered {status}, which retrying will not change.\n\n{advice}",
            context.origin_capitalized()
        ),
    )
    .url(&context.uri)
}

pub(crate) fn tls_failed(context: &Context, cause: &str, extra_certificates: usize) -> Error {
    Error::new(
        "fetch/tls-failed",
        format!("Could not download {}: the server's certificate is not trusted", context.what),
        format!(
            "The TLS handshake failed: {cause}.\n\
             Besides the public web PKI roots, {extra_certificates} certificate(s) from SSL_CERT_FILE, the system bundle and\n\
             SSL_CERT_DIR were trusted. If your network inspects TLS traffic, add your company's CA\n\
             with a service binding of type `ca-certificates` (the ca-certificates buildpack puts it in\n\
             SSL_CERT_DIR), or use a mirror (BP_DEPENDENCY_MIRROR) whose certificate is trusted."
        ),
    )
    .url(&context.uri)
}

pub(crate) fn invalid_proxy(context: &Context, variable: &str, value: &str) -> Error {
    Error::new(
        "fetch/invalid-proxy",
        format!("The proxy in {variable} is not a valid proxy URL"),
        format!(
            "{variable} is `{}`, needed to download {}.\n\
             Use a URL such as `http://proxy.corp:3128` (http, https, socks5 or socks4), or unset it.",
            redact(value),
            context.what
        ),
    )
    .variable(variable)
}

pub(crate) fn unsupported_uri(context: &Context, why: &str) -> Error {
    Error::new(
        "fetch/unsupported-uri",
        format!("Cannot download {}: unsupported URI", context.what),
        format!(
            "{} cannot be downloaded: {why}.",
            context.origin_capitalized()
        ),
    )
    .url(&context.uri)
}

pub(crate) fn missing_file(context: &Context, path: &Path, cause: &std::io::Error) -> Error {
    Error::new(
        "fetch/missing-file",
        format!("Cannot read the local copy of {}", context.what),
        format!(
            "{} points at a local file that could not be read.\n\
             In an offline buildpack the file ships inside the buildpack: rebuild the package. If a\n\
             mirror or a dependency-mapping binding points here, check the path.",
            context.origin_capitalized()
        ),
    )
    .file(path)
    .debug(cause)
}

pub(crate) fn write_failed(path: &Path, cause: &std::io::Error) -> Error {
    Error::new(
        "fetch/write-failed",
        "Could not write a downloaded dependency to disk",
        "The build could not write into the layer folder. Check free disk space and that the\n\
         build user may write there.",
    )
    .file(path)
    .debug(cause)
}

pub(crate) fn target_not_empty(target: &Path) -> Error {
    Error::new(
        "fetch/target-not-empty",
        "A dependency was to be installed into a folder that is not empty",
        "The buildpack installs each dependency into an empty folder so nothing stale mixes in.\n\
         This is a bug in the buildpack, not in your app: please report it with the build log.",
    )
    .file(target)
}

pub(crate) fn checksum_mismatch(
    context: &Context,
    expected: &Checksum,
    actual: &Checksum,
) -> Error {
    if context.source == Source::Bundled {
        return bundled_checksum_mismatch(context, expected, actual);
    }
    Error::new(
        "fetch/checksum-mismatch",
        format!("The download of {} does not match its checksum", context.what),
        format!(
            "expected {expected}\n\
             received {actual}\n\n\
             The bytes were corrupted on the way, or {} serves a different file\n\
             than the one the buildpack pins. Nothing was installed. Retry the build; if it fails\n\
             again, check that a mirror or dependency-mapping copy is the exact upstream file (same\n\
             version, same platform). Never change the expected checksum to fit.",
            context.origin()
        ),
    )
    .url(&context.uri)
}

/// An offline package's file was changed after packaging: no download replaces it, since an
/// air-gapped build could not make one and a silent fallback would hide the tampering.
fn bundled_checksum_mismatch(context: &Context, expected: &Checksum, actual: &Checksum) -> Error {
    Error::new(
        "fetch/bundled-checksum-mismatch",
        format!(
            "The copy of {} bundled in the buildpack does not match its checksum",
            context.what
        ),
        format!(
            "expected {expected}\n\
             found    {actual}\n\n\
             The offline buildpackage was changed or damaged after it was packaged. Nothing was\n\
             installed and nothing was downloaded instead. Package the buildpack again\n\
             (`stowage-dev buildpackage --offline`, or `scripts/package --offline`) and build with\n\
             the new package."
        ),
    )
    .url(&context.uri)
}

pub(crate) fn unsafe_archive(context: &Context, entry: &str, why: &str) -> Error {
    Error::new(
        "fetch/unsafe-archive",
        format!("The archive of {} tries to write outside its folder", context.what),
        format!(
            "Entry `{entry}` {why}.\n\
             Archives may not use `..`, absolute paths, or links that lead out of the install\n\
             folder, so nothing was installed. The archive's checksum matched the buildpack's pin,\n\
             so the file is the one the buildpack expects: please report this to its maintainers."
        ),
    )
    .url(&context.uri)
}

pub(crate) fn corrupt_archive(
    context: &Context,
    format: &str,
    detail: impl std::fmt::Display,
) -> Error {
    Error::new(
        "fetch/corrupt-archive",
        format!("The archive of {} could not be unpacked", context.what),
        format!(
            "It was read as a {format} archive (from its file name or first bytes) and that failed,\n\
             although its checksum matched the buildpack's pin. The entry may declare the wrong\n\
             file, or the wrong strip-components: please report this to the buildpack's maintainers."
        ),
    )
    .url(&context.uri)
    .debug(detail)
}

pub(crate) fn mislabelled_archive(
    context: &Context,
    name: &str,
    named: Format,
    found: Format,
) -> Error {
    Error::new(
        "fetch/mislabelled-archive",
        format!("The archive of {} is not what its name says", context.what),
        format!(
            "`{name}` is named as a {} archive, but its first bytes are those of a {} archive.\n\
             Nothing was installed. Its checksum matched the buildpack's pin, so the entry names the\n\
             wrong file: please report this to the buildpack's maintainers.",
            named.name(),
            found.name()
        ),
    )
    .url(&context.uri)
}

pub(crate) fn archive_too_large(context: &Context, entry: &str, limit: u64) -> Error {
    let limit = size(limit);
    Error::new(
        "fetch/archive-too-large",
        format!("The archive of {} unpacks to more than {limit}", context.what),
        format!(
            "Entry `{entry}` would take it past {limit}, the most Stowage unpacks from one archive, so\n\
             a broken or hostile archive cannot fill the build's disk. Nothing was installed. Its\n\
             checksum matched the buildpack's pin: please report this to the buildpack's maintainers."
        ),
    )
    .url(&context.uri)
}

/// `4 GiB`, `512 MiB`, or bytes.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

pub(crate) fn unsupported_archive(context: &Context, name: &str) -> Error {
    Error::new(
        "fetch/unsupported-archive",
        format!("The archive of {} has a format Stowage cannot unpack", context.what),
        format!(
            "`{name}` looks like an archive, but only .tar.gz/.tgz, .tar.xz/.txz, .tar and .zip are\n\
             unpacked. Please report this to the buildpack's maintainers."
        ),
    )
    .url(&context.uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context {
            what: "Node.js 24.18.1".to_string(),
            uri: "https://nodejs.org/dist/v24.18.1/node-v24.18.1-linux-x64.tar.xz".to_string(),
            source: Source::Upstream,
            reason: "upstream".to_string(),
        }
    }

    // Needs a TLS server with an untrusted certificate to happen for real.
    #[test]
    fn an_untrusted_certificate() {
        let cause = "invalid peer certificate: UnknownIssuer";
        insta::assert_snapshot!(tls_failed(&context(), cause, 3).render());
    }

    // Needs a full disk or a read-only folder, which root (as tests run here) ignores.
    #[test]
    fn a_full_disk() {
        let cause = std::io::Error::from_raw_os_error(28);
        insta::assert_snapshot!(
            write_failed(Path::new("/layers/node/.node.download-1-0"), &cause).render()
        );
    }

    #[test]
    fn a_mapping_is_named_as_the_origin() {
        let context = Context {
            source: Source::Mapping,
            reason: "dependency-mapping binding \"offline\"".to_string(),
            ..context()
        };
        insta::assert_snapshot!(refused(&context, "HTTP 403 Forbidden").render());
    }

    #[test]
    fn sizes_are_said_in_round_units() {
        assert_eq!(size(super::super::MAX_UNPACKED), "4 GiB");
        assert_eq!(size(8 << 20), "8 MiB");
        assert_eq!(size(1000), "1000 bytes");
    }
}
