//! Bytes from a URI into a temp file, hashed on the way, with retries for http(s).

use super::errors::{Context, download_failed, missing_file, unsupported_uri};
use super::http::{Client, seconds};
use super::options::FetchOptions;
use super::progress::Progress;
use super::retry::{Failure, wait};
use super::sink::Sink;
use super::uri;
use crate::Error;
use crate::checksum::{Algorithm, Checksum};
use std::fs::File;
use std::io::Read;
use std::path::Path;

pub(crate) struct Downloaded {
    pub checksum: Checksum,
    pub bytes: u64,
    pub attempts: u32,
}

pub(crate) struct Request<'a> {
    pub uri: &'a str,
    pub algorithm: Algorithm,
    pub file: File,
    pub path: &'a Path,
}

pub(crate) fn download(
    request: Request<'_>,
    options: &FetchOptions,
    progress: &mut dyn Progress,
    context: &Context,
) -> Result<Downloaded, Error> {
    if let Some(why) = uri::problem(request.uri) {
        return Err(unsupported_uri(context, why));
    }
    let mut sink = Sink::new(request.file, request.path, request.algorithm, progress);
    if let Some(local) = uri::file_path(request.uri) {
        sink.progress.debug(&format!(
            "Attempt 1 of 1: copying the local file {}",
            local.display()
        ));
        copy_local(&local, &mut sink, context)?;
        let (checksum, bytes) = sink.finish()?;
        return Ok(Downloaded {
            checksum,
            bytes,
            attempts: 1,
        });
    }
    let client = Client::new(options, context);
    let attempts = options.attempts.max(1);
    let mut history = Vec::new();
    let mut attempt = 0;
    loop {
        attempt += 1;
        sink.progress.debug(&format!(
            "Attempt {attempt} of {attempts}: GET {}",
            uri::redact(request.uri)
        ));
        match client.attempt(request.uri, &mut sink) {
            Ok(()) => {
                let (checksum, bytes) = sink.finish()?;
                return Ok(Downloaded {
                    checksum,
                    bytes,
                    attempts: attempt,
                });
            }
            Err(Failure::Stop(error)) => {
                sink.progress.debug(&format!(
                    "Attempt {attempt} failed; retrying cannot help: {}",
                    error.header
                ));
                return Err(error);
            }
            Err(Failure::Retry {
                reason,
                retry_after,
            }) if attempt < attempts => {
                let pause = wait(options, attempt, retry_after);
                history.push(format!(
                    "attempt {attempt}: {reason}; waited {}",
                    seconds(pause)
                ));
                sink.progress.retrying(attempt, &reason, pause);
                std::thread::sleep(pause);
            }
            Err(Failure::Retry { reason, .. } | Failure::GiveUp(reason)) => {
                history.push(format!("attempt {attempt}: {reason}"));
                sink.progress.debug(&format!(
                    "Attempt {attempt} failed ({reason}); no further attempt"
                ));
                return Err(download_failed(context, attempt, &reason).debug(history.join("\n")));
            }
        }
    }
}

/// `file://`: offline packages and local mirrors. A failure here is not transient.
fn copy_local(path: &Path, sink: &mut Sink<'_>, context: &Context) -> Result<(), Error> {
    let mut file = File::open(path).map_err(|error| missing_file(context, path, &error))?;
    let total = file.metadata().ok().map(|meta| meta.len());
    sink.restart(total)?;
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(read) => sink.write(&buffer[..read])?,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(missing_file(context, path, &error)),
        }
    }
}
