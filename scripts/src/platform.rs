//! What the main command hands a build or a run: the user's environment variables
//! (`<platform>/env/<NAME>`) and service bindings (`<bindings>/<name>/{type,<key>...}`),
//! checked as pack checks them, with errors that say what to do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

/// Variables of the caller's environment that reach a build without `--env`, as with pack.
const INHERITED_PREFIXES: [&str; 3] = ["BP_", "BPE_", "BPL_"];

/// The main command's `--env`, `--env-file` and `--binding` arguments.
#[derive(Debug, Default)]
pub struct PlatformArgs {
    /// `NAME=VALUE`, or `NAME` to take the value from the caller's environment.
    pub envs: Vec<String>,
    pub env_files: Vec<PathBuf>,
    pub bindings: Vec<PathBuf>,
}

/// The variables a build gets, later sources winning: the caller's `BP_*`, `BPE_*` and
/// `BPL_*` variables, then the env files in order, then each `--env` (pack's order).
pub fn env_vars(
    args: &PlatformArgs,
    caller: &dyn Fn(&str) -> Option<String>,
    caller_names: &[String],
) -> Result<BTreeMap<String, String>, Error> {
    let mut vars = BTreeMap::new();
    for name in caller_names {
        if INHERITED_PREFIXES
            .iter()
            .any(|prefix| name.starts_with(prefix))
            && valid_env_name(name)
            && let Some(value) = caller(name)
        {
            vars.insert(name.clone(), value);
        }
    }
    for file in &args.env_files {
        let text = fs_err::read_to_string(file).map_err(|error| {
            Error::new(
                "build-app/unreadable-env-file",
                format!("The env file {} cannot be read", file.display()),
                "Check the path given to --env-file and that the file is readable.",
            )
            .file(file)
            .debug(error)
        })?;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, value) = parse_env(line, caller).map_err(|error| {
                Error::new(
                    error.id,
                    format!("{} (line {})", error.header, number + 1),
                    error.body,
                )
                .file(file)
            })?;
            vars.insert(name, value);
        }
    }
    for item in &args.envs {
        let (name, value) = parse_env(item, caller)?;
        vars.insert(name, value);
    }
    Ok(vars)
}

/// `NAME=VALUE`, or `NAME` with the value of the caller's `NAME`.
fn parse_env(
    item: &str,
    caller: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, String), Error> {
    let (name, value) = match item.split_once('=') {
        Some((name, value)) => (name, Some(value.to_string())),
        None => (item, None),
    };
    if !valid_env_name(name) {
        return Err(Error::new(
            "build-app/invalid-env-name",
            format!("`{name}` is not an environment variable name"),
            "A name is letters, digits and underscores, and does not start with a digit, \
             e.g. --env BP_NODE_VERSION=22.",
        )
        .variable(name));
    }
    let value = match value {
        Some(value) => value,
        None => caller(name).ok_or_else(|| {
            Error::new(
                "build-app/env-not-set",
                format!("`{name}` has no value: it is not set in your environment"),
                format!(
                    "A bare name takes its value from your environment, as with pack. Export \
                     it first, or give the value: --env {name}=VALUE."
                ),
            )
            .variable(name)
        })?,
    };
    Ok((name.to_string(), value))
}

pub(crate) fn valid_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Writes one file per variable into `env_dir` (emptied first).
pub fn write_env(env_dir: &Path, vars: &BTreeMap<String, String>) -> Result<(), Error> {
    let _ = fs_err::remove_dir_all(env_dir);
    fs_err::create_dir_all(env_dir).map_err(write_error)?;
    for (name, value) in vars {
        fs_err::write(env_dir.join(name), value).map_err(write_error)?;
    }
    Ok(())
}

/// Copies each binding folder to `<bindings_dir>/<its name>` (emptied first): its `type` and
/// key files. Kubernetes' projected-volume bookkeeping (`..data` and the like) is skipped and
/// symlinked keys are read through, so a mounted Secret can be passed as it is.
pub fn write_bindings(bindings_dir: &Path, bindings: &[PathBuf]) -> Result<(), Error> {
    let _ = fs_err::remove_dir_all(bindings_dir);
    fs_err::create_dir_all(bindings_dir).map_err(write_error)?;
    for source in bindings {
        let name = binding_name(source)?;
        let target = bindings_dir.join(&name);
        if target.exists() {
            return Err(Error::new(
                "build-app/duplicate-binding",
                format!("Two bindings are named `{name}`"),
                "A binding is named after its folder, and names must differ. Rename one of \
                 the folders.",
            )
            .binding(name));
        }
        let kind = fs_err::read_to_string(source.join("type")).unwrap_or_default();
        if kind.trim().is_empty() {
            return Err(Error::new(
                "build-app/binding-without-type",
                format!("The binding `{name}` has no type"),
                "A binding folder holds a `type` file (e.g. `npmrc`, `ca-certificates`, \
                 `dependency-mapping`) and one file per key. Add the `type` file.",
            )
            .file(source.join("type")));
        }
        fs_err::create_dir_all(&target).map_err(write_error)?;
        let entries = fs_err::read_dir(source).map_err(|error| unreadable(source, error))?;
        for entry in entries {
            let entry = entry.map_err(|error| unreadable(source, error))?;
            let key = entry.file_name();
            // `..data`, `..2026_…`: the projected volume's own entries, not keys (`.npmrc` is).
            if key.to_string_lossy().starts_with("..") || !entry.path().is_file() {
                continue;
            }
            let bytes = fs_err::read(entry.path()).map_err(|error| unreadable(source, error))?;
            fs_err::write(target.join(&key), bytes).map_err(write_error)?;
        }
    }
    Ok(())
}

/// A binding's name: its folder's name, which becomes a path segment.
fn binding_name(source: &Path) -> Result<String, Error> {
    if !source.is_dir() {
        return Err(Error::new(
            "build-app/no-binding-folder",
            format!("The binding folder {} does not exist", source.display()),
            "--binding takes a folder with a `type` file and one file per key, named after \
             the binding.",
        )
        .file(source));
    }
    let name = fs_err::canonicalize(source)
        .ok()
        .and_then(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    if name.is_empty()
        || name.starts_with('.')
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(Error::new(
            "build-app/invalid-binding-name",
            format!("`{name}` cannot name a binding"),
            "A binding is named after its folder: letters, digits, `-`, `_` and `.`, not \
             starting with `.`. Rename the folder.",
        )
        .file(source));
    }
    Ok(name)
}

fn unreadable(source: &Path, error: std::io::Error) -> Error {
    Error::new(
        "build-app/unreadable-binding",
        format!("The binding folder {} cannot be read", source.display()),
        "Check that the folder and its files are readable.",
    )
    .file(source)
    .debug(error)
}

fn write_error(error: std::io::Error) -> Error {
    Error::new(
        "build-app/platform-write-failed",
        "The build's settings could not be written",
        "Check that the disk has space and the stowage cache folder is writable.",
    )
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(name: &str) -> Option<String> {
        match name {
            "BP_NODE_VERSION" => Some("22".to_string()),
            "NPM_TOKEN" => Some("s3cret".to_string()),
            "HOME" => Some("/root".to_string()),
            _ => None,
        }
    }

    fn names() -> Vec<String> {
        ["BP_NODE_VERSION", "NPM_TOKEN", "HOME"]
            .map(String::from)
            .to_vec()
    }

    fn vars(args: &PlatformArgs) -> Result<BTreeMap<String, String>, Error> {
        env_vars(args, &caller, &names())
    }

    #[test]
    fn bp_variables_are_inherited_and_env_files_then_flags_override() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("build.env");
        fs_err::write(
            &file,
            "# settings\nBP_NODE_VERSION=20\n\n  NODE_ENV=development  \nNPM_TOKEN\n",
        )
        .expect("write");
        let args = PlatformArgs {
            envs: vec!["NODE_ENV=test".into(), "EMPTY=".into(), "A=b=c".into()],
            env_files: vec![file],
            bindings: Vec::new(),
        };
        let vars = vars(&args).expect("vars");
        assert_eq!(
            vars.into_iter().collect::<Vec<_>>(),
            [
                ("A", "b=c"),
                ("BP_NODE_VERSION", "20"),
                ("EMPTY", ""),
                ("NODE_ENV", "test"),
                ("NPM_TOKEN", "s3cret")
            ]
            .map(|(name, value)| (name.to_string(), value.to_string()))
        );
    }

    #[test]
    fn a_bare_name_takes_the_callers_value() {
        let args = PlatformArgs {
            envs: vec!["NPM_TOKEN".into()],
            ..PlatformArgs::default()
        };
        assert_eq!(vars(&args).expect("vars")["NPM_TOKEN"], "s3cret");
    }

    #[test]
    fn names_that_would_leave_the_env_folder_are_refused() {
        for item in ["../../x=1", "a/b=1", "=1", "1X=1", "A B=1", ""] {
            let args = PlatformArgs {
                envs: vec![item.into()],
                ..PlatformArgs::default()
            };
            let error = vars(&args).expect_err(item);
            assert_eq!(error.id, "build-app/invalid-env-name", "{item}");
        }
    }

    #[test]
    fn error_messages() {
        let bad_name = PlatformArgs {
            envs: vec!["../../x=1".into()],
            ..PlatformArgs::default()
        };
        insta::assert_snapshot!(vars(&bad_name).expect_err("bad").render());
        let unset = PlatformArgs {
            envs: vec!["NPM_PASSWORD".into()],
            ..PlatformArgs::default()
        };
        insta::assert_snapshot!(vars(&unset).expect_err("unset").render());
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("bad.env");
        fs_err::write(&file, "OK=1\nnot a name=2\n").expect("write");
        let in_file = PlatformArgs {
            env_files: vec![file],
            ..PlatformArgs::default()
        };
        let error = vars(&in_file).expect_err("in file");
        assert_eq!(
            error.header,
            "`not a name` is not an environment variable name (line 2)"
        );
    }

    #[test]
    fn bindings_are_copied_by_folder_name_reading_through_symlinks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = dir.path().join("my-npmrc");
        fs_err::create_dir_all(source.join("..2026_data")).expect("mkdir");
        fs_err::write(source.join("..2026_data/.npmrc"), "registry=x\n").expect("write");
        std::os::unix::fs::symlink("..2026_data/.npmrc", source.join("npmrc")).expect("link");
        fs_err::write(source.join("type"), "npmrc\n").expect("write");
        fs_err::write(source.join(".npmrc"), "always-auth=true\n").expect("write");
        let out = dir.path().join("bindings");
        write_bindings(&out, &[source]).expect("bindings");
        let copied = out.join("my-npmrc");
        assert_eq!(
            fs_err::read_to_string(copied.join("type")).expect("type"),
            "npmrc\n"
        );
        assert_eq!(
            fs_err::read_to_string(copied.join("npmrc")).expect("key"),
            "registry=x\n"
        );
        assert!(!copied.join("npmrc").is_symlink());
        assert!(
            copied.join(".npmrc").is_file(),
            "a key may start with a dot"
        );
        assert!(!copied.join("..2026_data").exists());
    }

    #[test]
    fn a_binding_needs_a_type_and_a_unique_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let untyped = dir.path().join("certs");
        fs_err::create_dir_all(&untyped).expect("mkdir");
        let out = dir.path().join("bindings");
        let error = write_bindings(&out, std::slice::from_ref(&untyped)).expect_err("no type");
        insta::assert_snapshot!(
            error
                .render()
                .replace(&dir.path().display().to_string(), "<dir>")
        );
        fs_err::write(untyped.join("type"), "ca-certificates").expect("write");
        let error = write_bindings(&out, &[untyped.clone(), untyped]).expect_err("twice");
        assert_eq!(error.id, "build-app/duplicate-binding");
        let missing = write_bindings(&out, &[dir.path().join("nope")]).expect_err("missing");
        assert_eq!(missing.id, "build-app/no-binding-folder");
    }
}
