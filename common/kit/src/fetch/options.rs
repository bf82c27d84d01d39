//! Knobs of a download: production defaults, shrunk by tests.

use super::proxy::ProxyEnv;
use super::tls::TrustSources;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// Attempts in total, the first included.
    pub attempts: u32,
    /// The wait after the first failed attempt; it doubles after each further one.
    pub backoff: Duration,
    /// Upper bound of any wait, including one asked for by `Retry-After`.
    pub max_wait: Duration,
    pub connect_timeout: Duration,
    /// A download that receives nothing for this long fails (and may be retried).
    pub read_timeout: Duration,
    pub proxy: ProxyEnv,
    pub trust: TrustSources,
    /// Make a dependency that is a single file (not an archive) executable.
    pub executable: bool,
    /// The most an archive may unpack to, in bytes: a bound on a decompression bomb.
    pub max_unpacked: u64,
}

/// 4 GiB: four times the largest dependency a buildpack unpacks today (a .NET SDK is about
/// 1 GiB; Node.js, a JDK or Python a few hundred MiB), and well below the free disk of a
/// build machine, which a bomb would otherwise fill.
pub const MAX_UNPACKED: u64 = 4 << 30;

impl Default for FetchOptions {
    /// Production timings; no proxy; only the built-in web PKI roots.
    fn default() -> Self {
        Self {
            attempts: 4,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            proxy: ProxyEnv::default(),
            trust: TrustSources::default(),
            executable: false,
            max_unpacked: MAX_UNPACKED,
        }
    }
}

impl FetchOptions {
    /// Production timings with proxy and CA settings from the process environment, where the
    /// lifecycle puts both user-set variables and those of earlier buildpacks (e.g. `SSL_CERT_DIR`).
    #[must_use]
    pub fn from_process_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    #[must_use]
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            proxy: ProxyEnv::from_lookup(&lookup),
            trust: TrustSources::from_lookup(&lookup),
            ..Self::default()
        }
    }

    #[must_use]
    pub fn executable(mut self, executable: bool) -> Self {
        self.executable = executable;
        self
    }
}
