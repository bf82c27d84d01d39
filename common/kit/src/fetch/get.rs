//! A download to a file of the caller's, with the same retries, proxy and TLS handling, for
//! tools that check the bytes against something other than an inventory entry (the
//! maintainers' `update-dependencies`).

use super::download::{self, download};
use super::errors::{Context, write_failed};
use super::locate::Source;
use super::options::FetchOptions;
use super::progress::Progress;
use super::uri::redact;
use crate::Error;
use crate::checksum::{Algorithm, Checksum};
use std::fs::File;
use std::path::Path;

/// Downloads `uri` into `path` (created or truncated) and returns the bytes' sha256 and size.
/// `what` names the download in errors, e.g. `pnpm 10.1.0 from the npm registry`.
pub fn download_to(
    what: &str,
    uri: &str,
    path: &Path,
    options: &FetchOptions,
    progress: &mut dyn Progress,
) -> Result<(Checksum, u64), Error> {
    let context = Context {
        what: what.to_string(),
        uri: redact(uri),
        source: Source::Upstream,
        reason: String::new(),
    };
    let file = File::create(path).map_err(|error| write_failed(path, &error))?;
    let downloaded = download(
        download::Request {
            uri,
            algorithm: Algorithm::Sha256,
            file,
            path,
        },
        options,
        progress,
        &context,
    )?;
    Ok((downloaded.checksum, downloaded.bytes))
}
