//! Getting a dependency onto disk: locate (bundled file > mapping > mirror > uri), download with retries
//! (proxy, corporate CAs), verify the checksum while streaming, unpack safely, move into place.

mod bundled;
mod download;
mod errors;
mod get;
mod http;
mod install;
mod locate;
mod mirror;
mod options;
mod progress;
mod proxy;
mod retry;
mod scratch;
mod sink;
mod tls;
mod tree;
mod unpack;
mod untar;
mod unzip;
mod uri;
mod verify;

pub use bundled::{BUNDLE_DIR, bundled, bundled_path, locate_in_buildpack};
pub use get::download_to;
pub use install::{Installed, install};
pub use locate::{Location, Source, locate};
pub use options::{FetchOptions, MAX_UNPACKED};
pub use progress::{NoProgress, Progress};
pub use proxy::{NoProxy, ProxyEnv, ProxySetting};
pub use tls::{ExtraRoots, TrustSources};
pub use unpack::Format;
pub(crate) use uri::redact;
