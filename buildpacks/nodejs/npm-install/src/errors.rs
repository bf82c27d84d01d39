//! The errors this buildpack reports, beyond the ones the kit makes.

use crate::method::Method;
use std::path::Path;
use stowage_kit::Error;

pub(crate) const INSTALL_FAILED: &str = "npm-install/install-failed";

/// What to do when `shown` (e.g. `npm ci --include=dev`) fails.
pub(crate) fn install_advice(shown: &str) -> String {
    format!(
        "Read npm's messages above for the cause; `{shown}` in the project folder shows\n\
         the same.\n\
         If a package cannot be fetched, check the registry npm uses: an `npmrc` binding with\n\
         `registry=...`, or NPM_CONFIG_REGISTRY in the build environment."
    )
}

/// How many of npm's debug log lines an error shows: the log lives in the build's private
/// HOME, which the build removes.
const LOG_TAIL_LINES: usize = 20;

/// Gives a failed npm run its precise meaning. `npm ci` refuses a lockfile that does not match
/// package.json with a usage error (EUSAGE); npm's debug log (named in its last line) says
/// which packages differ. Any other failure shows the tail of that log rather than repeating
/// npm's output, which the build log already has.
pub(crate) fn refine(failure: Error, method: &Method, app_dir: &Path, project_dir: &Path) -> Error {
    let shown = |path: &Path| {
        path.strip_prefix(app_dir)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let tail = failure.debug.clone().unwrap_or_default();
    let log = debug_log(&tail);
    if let Method::Ci { lockfile } = method
        && let Some(problems) = out_of_sync_problems(&tail, log.as_deref())
    {
        return lockfile_out_of_sync(&shown(lockfile), &problems);
    }
    let failure = failure.file(shown(&project_dir.join("package.json")));
    Error {
        debug: log.map(|log| log_tail(&log)),
        ..failure
    }
}

/// npm's debug log, from the path its last line names.
fn debug_log(tail: &str) -> Option<String> {
    tail.lines()
        .find_map(|line| line.split_once("A complete log of this run can be found in:"))
        .and_then(|(_, path)| fs_err::read_to_string(path.trim()).ok())
}

/// The log's last lines, without the JavaScript stack of npm's own code.
fn log_tail(log: &str) -> String {
    let lines: Vec<&str> = log
        .lines()
        .filter(|line| !line.contains(" verbose stack "))
        .collect();
    let start = lines.len().saturating_sub(LOG_TAIL_LINES);
    format!(
        "The last lines of npm's debug log:\n{}",
        lines[start..].join("\n")
    )
}

/// `Some(lines)` when npm's output shows the EUSAGE of an out-of-sync lockfile.
fn out_of_sync_problems(tail: &str, log: Option<&str>) -> Option<Vec<String>> {
    let text = log.unwrap_or(tail);
    if !text.contains("error code EUSAGE") && !tail.contains("code EUSAGE") {
        return None;
    }
    let mut problems: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let (_, message) = line.split_once("error ")?;
            let message = message.trim();
            (message.starts_with("Missing: ") || message.starts_with("Invalid: "))
                .then(|| message.to_string())
        })
        .collect();
    problems.dedup();
    Some(problems)
}

/// The packages npm found out of sync come first, then what to do.
pub(crate) fn lockfile_out_of_sync(lockfile: &str, problems: &[String]) -> Error {
    let advice = format!(
        "`npm ci` installs exactly what {lockfile} records, and it does not match package.json.\n\
         Run `npm install` in the project folder, commit the updated {lockfile}, and build again."
    );
    let body = if problems.is_empty() {
        advice
    } else {
        format!("npm found:\n  {}\n\n{advice}", problems.join("\n  "))
    };
    Error::new(
        "npm-install/lockfile-out-of-sync",
        format!("{lockfile} is out of sync with package.json"),
        body,
    )
    .file(lockfile)
}

pub(crate) const NODE_NOT_FOUND: &str = "npm-install/node-not-found";

pub(crate) const NODE_ADVICE: &str = "npm-install runs the node and npm that stowage/node-engine installs. Build with an order\n\
     that puts stowage/node-engine before stowage/npm-install (the Stowage Node.js\n\
     meta-buildpack does), and keep NODE_OPTIONS free of options node rejects.";

pub(crate) fn no_package_json(project_dir: &Path) -> Error {
    Error::new(
        "npm-install/no-package-json",
        "The project has no package.json",
        "npm-install installs the dependencies package.json lists. Add package.json to the project,\n\
         or set BP_NODE_PROJECT_PATH to the folder that has it.",
    )
    .file(project_dir.join("package.json"))
}

/// The bindings `names` all have type `npmrc`.
pub(crate) fn ambiguous_npmrc_binding(names: &[&str]) -> Error {
    Error::new(
        "npm-install/ambiguous-npmrc-binding",
        "More than one npmrc binding",
        format!(
            "The bindings {} all have type `npmrc`, and npm reads one global config.\n\
             Merge them into one binding with a single `.npmrc` key.",
            names.join(", ")
        ),
    )
    .binding(names.join(", "))
}

pub(crate) fn npmrc_binding_without_npmrc(name: &str) -> Error {
    Error::new(
        "npm-install/npmrc-binding-without-npmrc",
        format!("The npmrc binding {name:?} has no .npmrc"),
        "An npmrc binding holds the npm config in a key (file) named `.npmrc`, for example\n\
         `registry=https://npm.example.com/` and an `//npm.example.com/:_authToken=...` line.\n\
         Add that key to the binding.",
    )
    .binding(name)
}

pub(crate) fn unreadable_vendored_modules(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "npm-install/unreadable-vendored-modules",
        "The app's own node_modules cannot be read",
        "The build digests a vendored node_modules to decide whether the installed packages can \
         be reused, and sets it aside while npm rebuilds it. Check that it is readable and that \
         the temp folder is writable.",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const TAIL: &str = "npm error\nnpm error Run \"npm help ci\" for more info";

    #[test]
    fn an_out_of_sync_lockfile_lists_npms_findings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("debug.log");
        fs_err::write(
            &log,
            "20 error code EUSAGE\n21 error\n21 error Missing: left-pad@1.3.0 from lock file\n\
             21 error Invalid: lock file's ms@2.0.0 does not satisfy ms@2.1.3\n21 error Usage:\n",
        )
        .expect("write log");
        let failure = Error::new(INSTALL_FAILED, "`npm ci` failed", "body").debug(format!(
            "{TAIL}\nnpm error A complete log of this run can be found in: {}",
            log.display()
        ));
        let method = Method::Ci {
            lockfile: PathBuf::from("/app/web/package-lock.json"),
        };
        let refined = refine(failure, &method, Path::new("/app"), Path::new("/app/web"));
        insta::assert_snapshot!(refined.render());
    }

    #[test]
    fn other_failures_keep_their_message_and_name_package_json() {
        let failure = Error::new(INSTALL_FAILED, "`npm ci` failed", "body").debug(TAIL);
        let method = Method::Ci {
            lockfile: PathBuf::from("/app/package-lock.json"),
        };
        let refined = refine(failure, &method, Path::new("/app"), Path::new("/app"));
        assert_eq!(refined.id, INSTALL_FAILED);
        assert_eq!(refined.debug, None, "npm's output is above, not repeated");
        assert_eq!(
            refined.subject,
            Some(stowage_kit::error::Subject::File(PathBuf::from(
                "package.json"
            )))
        );
    }

    #[test]
    fn other_failures_show_the_tail_of_npms_debug_log_not_its_output_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("debug.log");
        let mut lines: Vec<String> = (1..=30).map(|n| format!("{n} verbose line {n}")).collect();
        lines.insert(
            25,
            "25 verbose stack     at Npm.exec (npm.js:193:9)".to_string(),
        );
        fs_err::write(&log, lines.join("\n")).expect("write log");
        let failure = Error::new(INSTALL_FAILED, "`npm ci` failed", "body").debug(format!(
            "npm error code E404\nnpm error A complete log of this run can be found in: {}",
            log.display()
        ));
        let method = Method::Ci {
            lockfile: PathBuf::from("/app/package-lock.json"),
        };
        let refined = refine(failure, &method, Path::new("/app"), Path::new("/app"));
        insta::assert_snapshot!(refined.render());
    }

    #[test]
    fn an_install_failure_says_what_to_do() {
        insta::assert_snapshot!(
            Error::new(
                INSTALL_FAILED,
                "`npm install` failed",
                install_advice("npm install")
            )
            .render()
        );
    }

    #[test]
    fn node_must_come_first() {
        let error = stowage_kit::tool_version::tool_version(
            &mut std::process::Command::new("stowage-no-such-node"),
            NODE_NOT_FOUND,
            NODE_ADVICE,
        )
        .expect_err("missing");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn a_project_needs_package_json() {
        insta::assert_snapshot!(no_package_json(Path::new("web")).render());
    }

    #[test]
    fn two_bindings_are_ambiguous() {
        insta::assert_snapshot!(ambiguous_npmrc_binding(&["a", "b"]).render());
    }

    #[test]
    fn a_binding_needs_the_npmrc_key() {
        insta::assert_snapshot!(npmrc_binding_without_npmrc("registry").render());
    }

    #[test]
    fn unreadable_vendored_modules_name_the_path() {
        let error = unreadable_vendored_modules(
            Path::new("/workspace/node_modules/ms"),
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        insta::assert_snapshot!(error.render());
    }
}
