//! OCI image layouts written without a daemon: deterministic tar layers ([`layer`]), the
//! layout's blobs, manifest and index ([`layout`]), and reading one back ([`read`]).

pub mod layer;
pub mod layout;
pub mod read;

pub use layer::{Layer, LayerBlob, TreeStyle};
pub use layout::{ImageConfig, LayoutWriter};

/// The modification time every entry gets, as pack sets it (1980-01-01T00:00:01Z), so that
/// the same files give the same digests.
pub const NORMALIZED_MTIME: u64 = 315_532_801;

/// The architecture name images use for this machine (Go's names: `amd64`, `arm64`).
#[must_use]
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}
