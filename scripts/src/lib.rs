//! Maintainer tooling shared by the shell entry points in `scripts/` and by the integration tests.

pub mod package;
