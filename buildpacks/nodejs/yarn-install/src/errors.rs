//! The errors yarn-install reports, and what a failed install means for the user, told from
//! Yarn's own output.

use crate::yarn::{Flavour, Yarn};
use std::path::Path;
use stowage_kit::Error;
use stowage_nodejs::{YARNRC_YML, requested_manager_version};

pub(crate) const ADVICE: &str = "Run the same command in the app folder to reproduce it. Failures \
    are often a dependency's install script, a registry that needs credentials (put them \
    in the project's .npmrc for Yarn 1, or .yarnrc.yml for Yarn 2+), or a package that is \
    not public.";

/// What Yarn prints when yarn.lock no longer matches package.json.
const OUT_OF_SYNC: [&str; 2] = [
    "Your lockfile needs to be updated",
    "The lockfile would have been modified by this install",
];

/// Turns an out-of-date lockfile into its own error; other failures stay as they are.
pub(crate) fn explain(error: Error, yarn: &Yarn, project: &Path) -> Error {
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

pub(crate) fn pnp_not_supported() -> Error {
    Error::new(
        "yarn-install/pnp-not-supported",
        "Yarn Plug'n'Play is not supported",
        "The project sets `nodeLinker: pnp` in .yarnrc.yml, but this buildpack installs \
         dependencies into node_modules. Set `nodeLinker: node-modules` in .yarnrc.yml (and run \
         `yarn install` once), or remove the setting and let the build choose node-modules.",
    )
    .file(".yarnrc.yml")
}

pub(crate) fn dev_dependencies_kept(yarn: &Yarn) -> Error {
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

pub(crate) const YARN_NOT_FOUND: &str = "yarn-install/yarn-not-found";

pub(crate) const YARN_NOT_FOUND_ADVICE: &str = "Yarn must be installed before this buildpack runs: \
    build with the stowage/yarn buildpack before stowage/yarn-install (the Node.js \
    meta-buildpack does).";

pub(crate) fn release_not_found(release: &Path) -> Error {
    Error::new(
        "yarn-install/release-not-found",
        "The Yarn release named by yarnPath is not in the app",
        format!(
            "{YARNRC_YML} sets yarnPath to `{}`, but the app has no such file.\n\
             Commit the release (`yarn set version <version>` writes it under \
             .yarn/releases), or remove yarnPath to use the Yarn this buildpack installs.",
            release.display()
        ),
    )
    .file(YARNRC_YML)
}

pub(crate) fn not_a_version(reported: &str, error: &semver::Error) -> Error {
    Error::new(
        YARN_NOT_FOUND,
        format!("`yarn --version` printed `{reported}`, which is not a version"),
        "Check that the `yarn` on PATH (or the release yarnPath names) is Yarn.",
    )
    .debug(error)
}

/// Yarn 1 cannot read a Yarn 2+ lockfile.
pub(crate) fn lockfile_needs_yarn_2(version: &semver::Version) -> Error {
    Error::new(
        "yarn-install/lockfile-needs-yarn-2",
        format!("yarn.lock was written by Yarn 2 or later, but Yarn {version} would install"),
        "Tell the build which Yarn the project uses: set `packageManager` in package.json \
         (for example `\"packageManager\": \"yarn@4.5.0\"`), or commit the release with \
         `yarn set version <version>`, which sets yarnPath in .yarnrc.yml.",
    )
    .file("yarn.lock")
}

/// Yarn 2+ would rewrite a Yarn 1 lockfile, which an immutable install refuses.
pub(crate) fn lockfile_needs_yarn_1(version: &semver::Version) -> Error {
    Error::new(
        "yarn-install/lockfile-needs-yarn-1",
        format!("yarn.lock is a Yarn 1 lockfile, but Yarn {version} would install"),
        format!(
            "Yarn {} would convert the lockfile, and the build never changes it. Run \
             `yarn install` with Yarn {} and commit the converted yarn.lock, or, to stay \
             on Yarn 1, remove what asks for Yarn 2+ (`packageManager` in package.json, \
             yarnPath in .yarnrc.yml).",
            version.major, version.major
        ),
    )
    .file("yarn.lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yarn_3_without_the_plugin_keeps_dev_dependencies() {
        let yarn = Yarn::for_tests("3.8.7");
        insta::assert_snapshot!(dev_dependencies_kept(&yarn).render());
    }

    #[test]
    fn lockfile_and_release_problems_say_what_to_commit() {
        let yarn_4 = semver::Version::new(4, 5, 0);
        let parse_error = semver::Version::parse("nope").expect_err("not a version");
        insta::assert_snapshot!(
            [
                lockfile_needs_yarn_1(&yarn_4).render(),
                release_not_found(Path::new(".yarn/releases/yarn-4.5.0.cjs")).render(),
                Error {
                    debug: None,
                    ..not_a_version("nope", &parse_error)
                }
                .render(),
            ]
            .join("\n")
        );
    }
}
