//! `node --version`: the Node.js that package managers run on, part of what installed
//! packages depend on.

use crate::PackageManagerEnv;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::tool_version::tool_version;

const NODE_ADVICE: &str = "Node.js must be installed before this buildpack runs: build with \
    the stowage/node-engine buildpack first (the Node.js meta-buildpack does).";

/// `node --version` (e.g. `v22.23.3`) as a package manager will see it; `id` is the caller's
/// error id for a missing node.
pub fn node_version(
    env: &PackageManagerEnv,
    project: &Path,
    id: &'static str,
) -> Result<String, Error> {
    tool_version(
        &mut env.command("node", &["--version"], project),
        id,
        NODE_ADVICE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn a_missing_node_says_which_buildpack_to_add() {
        let error = tool_version(
            Command::new("stowage-no-such-node").arg("--version"),
            "yarn-install/node-not-found",
            NODE_ADVICE,
        )
        .expect_err("missing");
        assert_eq!(error.id, "yarn-install/node-not-found");
        insta::assert_snapshot!(
            Error {
                debug: None,
                ..error
            }
            .render()
        );
    }
}
