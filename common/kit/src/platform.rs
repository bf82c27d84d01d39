//! The platform dir, which the lifecycle passes as `CNB_PLATFORM_DIR` (Buildpack API 0.8+) but
//! libcnb's contexts do not expose, and the bindings found through it.

use crate::Error;
use crate::bindings::Bindings;
use std::path::PathBuf;

/// `CNB_PLATFORM_DIR`, else the conventional `/platform`.
#[must_use]
pub fn dir() -> PathBuf {
    std::env::var_os("CNB_PLATFORM_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| PathBuf::from("/platform"), PathBuf::from)
}

/// The service bindings of this build: `$SERVICE_BINDING_ROOT`, else `<platform>/bindings`.
pub fn bindings() -> Result<Bindings, Error> {
    Bindings::from_platform(&dir())
}
