//! The ways the mirror misbehaves on request.

use std::time::Duration;

/// A way to misbehave for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answers `500 Internal Server Error`.
    ServerError,
    /// Answers `429 Too Many Requests` with `Retry-After: 1`.
    TooManyRequests,
    /// Answers this status (its standard reason phrase, a short text body).
    Status(u16),
    /// Answers `302 Found` with this `Location`.
    Redirect(String),
    /// Resets the connection (TCP RST) without sending any response.
    Reset,
    /// Sends the headers with the file's full `Content-Length`, then half the body, then closes.
    Truncate,
    /// Sends the body `chunk` bytes at a time, waiting `delay` before each piece after the first.
    Slow { chunk: usize, delay: Duration },
    /// Sends a body of the right length whose middle byte is altered.
    WrongBytes,
}

impl Fault {
    /// Faults that only make sense while sending a file's body; others apply to any request.
    pub(crate) fn needs_body(&self) -> bool {
        matches!(
            self,
            Fault::Truncate | Fault::Slow { .. } | Fault::WrongBytes
        )
    }
}
