//! The environment-variables buildpack packaged for a test.

use integration_tests::direct::Workspace;
use std::collections::BTreeMap;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A workspace that runs while no other test of this binary copies or starts a program: a
/// binary still open for writing in one thread is inherited by another thread's fork, and
/// executing it then fails with "Text file busy".
pub struct Serial {
    workspace: Workspace,
    _guard: MutexGuard<'static, ()>,
}

impl Deref for Serial {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        &self.workspace
    }
}

pub fn workspace() -> Serial {
    static LOCK: Mutex<()> = Mutex::new(());
    let guard = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    Serial {
        workspace: Workspace::new(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            Path::new(env!("CARGO_BIN_EXE_environment-variables")),
            BTreeMap::new(),
        ),
        _guard: guard,
    }
}
