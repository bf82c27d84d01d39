//! The environment-variables buildpack packaged for a test.

use integration_tests::direct::Workspace;

pub(crate) fn workspace() -> Workspace {
    integration_tests::workspace!("environment-variables")
}
