//! What a failed install means for the user, told from Yarn's own output.

use crate::yarn::{Flavour, Yarn};
use std::path::Path;
use stowage_kit::Error;
use stowage_nodejs::requested_manager_version;

pub const ADVICE: &str = "Run the same command in the app folder to reproduce it. Failures \
    are often a dependency's install script, a registry that needs credentials (put them \
    in the project's .npmrc for Yarn 1, or .yarnrc.yml for Yarn 2+), or a package that is \
    not public.";

/// What Yarn prints when yarn.lock no longer matches package.json.
const OUT_OF_SYNC: [&str; 2] = [
    "Your lockfile needs to be updated",
    "The lockfile would have been modified by this install",
];

/// Turns an out-of-date lockfile into its own error; other failures stay as they are.
pub fn explain(error: Error, yarn: &Yarn, project: &Path) -> Error {
    let output = error.debug.clone().unwrap_or_default();
    if !OUT_OF_SYNC.iter().any(|marker| output.contains(marker)) {
        return error.file("package.json");
    }
    let flag = match yarn.flavour {
        Flavour::Classic => "--frozen-lockfile",
        Flavour::Berry => "--immutable",
    };
    let general = format!(
        "The build installs exactly what yarn.lock lists (`yarn install {flag}`) and never \
         changes it, but Yarn would have: package.json asks for something yarn.lock does not \
         list, or another Yarn release wrote yarn.lock.\nRun `yarn install` in the app folder \
         and commit the updated yarn.lock."
    );
    // A pinned release the buildpack stands in for may write a different lockfile format.
    let pinned = requested_manager_version(project, "yarn")
        .ok()
        .flatten()
        .and_then(|request| request.exact)
        .filter(|exact| *exact != yarn.version);
    let body = match pinned {
        None => general,
        Some(pinned) => format!(
            "{general}\n\npackage.json pins Yarn {pinned} (packageManager), but Yarn {} ran, and Yarn \
             releases may write yarn.lock differently. To build with exactly your release, commit \
             it: `yarn set version {pinned}` writes it under .yarn/releases and sets yarnPath in \
             .yarnrc.yml.",
            yarn.version
        ),
    };
    Error {
        id: "yarn-install/lockfile-out-of-sync",
        header: "yarn.lock does not match package.json".to_string(),
        body,
        subject: None,
        debug: error.debug,
    }
    .file("yarn.lock")
}

pub fn pnp_not_supported() -> Error {
    Error::new(
        "yarn-install/pnp-not-supported",
        "Yarn Plug'n'Play is not supported",
        "The project sets `nodeLinker: pnp` in .yarnrc.yml, but this buildpack installs \
         dependencies into node_modules. Set `nodeLinker: node-modules` in .yarnrc.yml (and run \
         `yarn install` once), or remove the setting and let the build choose node-modules.",
    )
    .file(".yarnrc.yml")
}

pub fn dev_dependencies_kept(yarn: &Yarn) -> Error {
    Error::new(
        "yarn-install/dev-dependencies-kept",
        "The app image keeps devDependencies",
        format!(
            "Yarn {} leaves devDependencies out only with `yarn workspaces focus --production`, \
             which needs the workspace-tools plugin before Yarn 4. Add it with `yarn plugin \
             import workspace-tools`, or move to Yarn 4, to get a smaller image.",
            yarn.version
        ),
    )
    .file(".yarnrc.yml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yarn_3_without_the_plugin_keeps_dev_dependencies() {
        let yarn = Yarn::for_tests("3.8.7");
        insta::assert_snapshot!(dev_dependencies_kept(&yarn).render());
    }
}
