//! The one entry point: download, verify, unpack, move into place; or leave nothing behind.

use super::download::{self, download};
use super::errors::{Context, target_not_empty, write_failed};
use super::locate::{Location, Source};
use super::options::FetchOptions;
use super::progress::Progress;
use super::scratch::Scratch;
use super::unpack::{self, Format, unpack};
use super::uri::{Parts, file_name, redact};
use super::verify::verify;
use crate::Error;
use crate::checksum::Checksum;
use crate::inventory::Dependency;
use std::fs;
use std::io::ErrorKind;
use std::path::Path;
use std::time::{Duration, Instant};

/// What the layer metadata and the SBOM record about an installed dependency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    /// The URI downloaded from, without credentials.
    pub uri: String,
    pub checksum: Checksum,
    pub bytes: u64,
    pub elapsed: Duration,
    pub attempts: u32,
    pub format: Format,
}

/// Installs `dependency` from `location` into `target`, which may exist if empty (libcnb
/// creates layer folders). Temp files live next to `target`; on any failure none remain and
/// `target` is as it was.
pub fn install(
    dependency: &Dependency,
    location: &Location,
    target: &Path,
    options: &FetchOptions,
    progress: &mut dyn Progress,
) -> Result<Installed, Error> {
    let started = Instant::now();
    let context = Context {
        what: format!("{} {}", dependency.display_name(), dependency.version),
        uri: location.display_uri(),
        source: location.source,
        reason: location.reason.clone(),
    };
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let label = target.file_name().map_or_else(
        || "dependency".to_string(),
        |name| name.to_string_lossy().into_owned(),
    );

    progress.debug(&why_this_uri(dependency, location));

    let (scratch_file, file) = Scratch::file(parent, &format!("{label}.download"))?;
    let downloaded = download(
        download::Request {
            uri: &location.uri,
            algorithm: dependency.checksum.algorithm,
            file,
            path: scratch_file.path(),
        },
        options,
        progress,
        &context,
    )?;
    verify(&context, &dependency.checksum, &downloaded.checksum)?;

    // The upstream name, not a mirror's or mapping's, decides the format and names a single file.
    let name = file_name(&dependency.uri)
        .or_else(|| file_name(&location.uri))
        .unwrap_or_else(|| dependency.id.clone());
    let staging = Scratch::dir(parent, &format!("{label}.staging"))?;
    let format = unpack(
        &unpack::Request {
            download: scratch_file.path(),
            into: staging.path(),
            name: &name,
            strip: dependency.strip_components,
            executable: options.executable,
            max_unpacked: options.max_unpacked,
        },
        &context,
    )?;
    drop(scratch_file);
    move_into_place(staging, target)?;

    Ok(Installed {
        uri: context.uri,
        checksum: downloaded.checksum,
        bytes: downloaded.bytes,
        elapsed: started.elapsed(),
        attempts: downloaded.attempts,
        format,
    })
}

/// The debug line that says which URI is fetched and why, and what else was possible.
fn why_this_uri(dependency: &Dependency, location: &Location) -> String {
    let what = format!("{} {}", dependency.display_name(), dependency.version);
    let uri = location.display_uri();
    match location.source {
        Source::Bundled => format!(
            "Using {what} from {uri}, the copy bundled in the buildpack (an offline package): \
             no dependency-mapping binding, mirror or download is tried"
        ),
        Source::Mapping => format!(
            "Fetching {what} from {uri}: the {} maps its checksum {} there \
             (entry's URI {} not tried)",
            location.reason,
            dependency.checksum,
            redact(&dependency.uri)
        ),
        Source::Mirror => format!(
            "Fetching {what} from {uri}: {} (entry's URI {} not tried)",
            location.reason,
            redact(&dependency.uri)
        ),
        Source::Upstream => {
            // Mirrors rewrite only http(s) URIs; a file:// entry has no host to mirror.
            let mirror =
                if Parts::parse(&dependency.uri).is_some_and(|p| p.is("https") || p.is("http")) {
                    "no dependency mirror for its host"
                } else {
                    "mirrors apply to http(s) URIs only"
                };
            format!(
                "Fetching {what} from {uri}: the entry's own URI (no dependency-mapping binding \
                 for checksum {}; {mirror})",
                dependency.checksum
            )
        }
    }
}

/// One rename, so `target` is either as it was or complete.
fn move_into_place(staging: Scratch, target: &Path) -> Result<(), Error> {
    match fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => {
            let mut listing = fs::read_dir(target).map_err(|error| write_failed(target, &error))?;
            if listing.next().is_some() {
                return Err(target_not_empty(target));
            }
            fs::remove_dir(target).map_err(|error| write_failed(target, &error))?;
            if let Err(error) = fs::rename(staging.path(), target) {
                // Put back the empty folder the caller gave us.
                let _ = fs::create_dir(target);
                return Err(write_failed(target, &error));
            }
        }
        Ok(_) => return Err(target_not_empty(target)),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            fs::rename(staging.path(), target).map_err(|error| write_failed(target, &error))?;
        }
        Err(error) => return Err(write_failed(target, &error)),
    }
    staging.keep();
    Ok(())
}
