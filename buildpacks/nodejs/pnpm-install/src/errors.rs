//! The errors this buildpack reports, beyond the ones the kit and the Node.js crate make.

use stowage_kit::Error;

pub(crate) const INSTALL_FAILED: &str = "pnpm-install/install-failed";

pub(crate) const ADVICE: &str = "Run the same command in the app folder to reproduce it. Failures are \
    often a dependency's install script, a registry that needs credentials (put them in the \
    project's .npmrc), or a package that is not public.";

/// Turns an out-of-date lockfile into its own error; other failures stay as they are.
pub(crate) fn explain(error: Error) -> Error {
    let output = error.debug.clone().unwrap_or_default();
    if !output.contains("ERR_PNPM_OUTDATED_LOCKFILE") {
        return error.file("package.json");
    }
    Error {
        id: "pnpm-install/lockfile-out-of-sync",
        header: "pnpm-lock.yaml does not match package.json".to_string(),
        body: "The build installs exactly what pnpm-lock.yaml lists (`pnpm install \
               --frozen-lockfile`) and never changes it, but package.json asks for something \
               the lockfile does not list.\nRun `pnpm install` in the app folder and commit \
               the updated pnpm-lock.yaml."
            .to_string(),
        subject: None,
        debug: error.debug,
    }
    .file("pnpm-lock.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_install_failure_names_package_json() {
        let failure =
            Error::new(INSTALL_FAILED, "`pnpm install` failed", ADVICE).debug("ERR_PNPM_FETCH_404");
        insta::assert_snapshot!(explain(failure).render());
    }

    #[test]
    fn an_outdated_lockfile_says_to_commit_it() {
        let failure = Error::new(INSTALL_FAILED, "`pnpm install` failed", ADVICE)
            .debug(" ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with \"frozen-lockfile\"");
        insta::assert_snapshot!(explain(failure).render());
    }
}
