//! How a download tells the build log what it is doing.

use std::time::Duration;

pub trait Progress {
    /// A response began; called again when a retry starts the body over. `total` is the
    /// announced size, if any.
    fn started(&mut self, total: Option<u64>);
    /// Bytes received so far in the current attempt.
    fn advanced(&mut self, received: u64);
    /// Attempt `attempt` (counting from 1) failed for `reason`; the next starts after `wait`.
    fn retrying(&mut self, attempt: u32, reason: &str, wait: Duration);
    /// A debug line (`BP_LOG_LEVEL=DEBUG`): which URL is tried and why. Off unless the
    /// reporter prints them.
    fn debug(&mut self, _text: &str) {}
}

/// Reports nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn started(&mut self, _total: Option<u64>) {}
    fn advanced(&mut self, _received: u64) {}
    fn retrying(&mut self, _attempt: u32, _reason: &str, _wait: Duration) {}
}
