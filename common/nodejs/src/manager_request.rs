//! The package manager version a project asks for: `packageManager` (as Corepack reads it),
//! then `engines.<tool>`, in `package.json`.

use crate::PackageJson;
use serde_json::Value;
use std::path::Path;
use stowage_kit::Error;

/// A version request for a package manager, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagerRequest {
    /// An npm range.
    pub constraint: String,
    /// Shown in the log and in errors, e.g. `package.json packageManager`.
    pub source: String,
    /// The exact version `packageManager` pins, when it does.
    pub exact: Option<semver::Version>,
}

/// What `package.json` in `project` asks of `tool` (`yarn`, `pnpm`); `None` when nothing.
/// A `packageManager` naming another tool is not a request for this one.
pub fn requested(project: &Path, tool: &str) -> Result<Option<ManagerRequest>, Error> {
    // Reports unreadable or malformed files with the shared package.json errors.
    if PackageJson::read_from(project)?.is_none() {
        return Ok(None);
    }
    let text = fs_err::read_to_string(project.join("package.json")).map_err(|error| {
        Error::new(
            "nodejs/unreadable-package-json",
            "package.json cannot be read",
            "Check that the file is readable and is not a broken symlink.",
        )
        .file("package.json")
        .debug(error)
    })?;
    let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if let Some(field) = json.get("packageManager")
        && let Some(request) = from_package_manager(field, tool)?
    {
        return Ok(Some(request));
    }
    Ok(json
        .get("engines")
        .and_then(|engines| engines.get(tool))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|range| !range.is_empty())
        .map(|range| ManagerRequest {
            constraint: range.to_string(),
            source: format!("package.json engines.{tool}"),
            exact: None,
        }))
}

/// `yarn@4.5.0` or `yarn@4.5.0+sha512.<hex>`: the major line of that version, since the
/// buildpack carries the newest release of each line rather than every release.
fn from_package_manager(field: &Value, tool: &str) -> Result<Option<ManagerRequest>, Error> {
    let text = field.as_str().map(str::trim).unwrap_or_default();
    let Some((name, rest)) = text.split_once('@') else {
        return Err(invalid_package_manager(text));
    };
    if name != tool {
        return Ok(None);
    }
    let version = rest.split_once('+').map_or(rest, |(version, _)| version);
    let exact = semver::Version::parse(version).map_err(|_| invalid_package_manager(text))?;
    Ok(Some(ManagerRequest {
        constraint: format!("{}.x", exact.major),
        source: "package.json packageManager".to_string(),
        exact: Some(exact),
    }))
}

fn invalid_package_manager(text: &str) -> Error {
    Error::new(
        "nodejs/invalid-package-manager",
        "package.json has a packageManager field this buildpack cannot read",
        format!(
            "packageManager is `{text}`, but it must be `<name>@<exact version>`, such as \
             `yarn@4.5.0` or `pnpm@10.12.1` (a `+sha512.…` suffix is fine).\n\
             Fix the field, or remove it to use the version the lockfile suggests."
        ),
    )
    .file("package.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(package_json: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::write(dir.path().join("package.json"), package_json).expect("write");
        dir
    }

    #[test]
    fn package_manager_asks_for_its_major_line() {
        let dir = project(r#"{"packageManager":"yarn@4.5.0+sha512.abc","engines":{"yarn":"^1"}}"#);
        let request = requested(dir.path(), "yarn")
            .expect("valid")
            .expect("a request");
        assert_eq!(request.constraint, "4.x");
        assert_eq!(request.source, "package.json packageManager");
        assert_eq!(request.exact, Some(semver::Version::new(4, 5, 0)));
    }

    #[test]
    fn engines_apply_when_package_manager_names_another_tool() {
        let dir = project(r#"{"packageManager":"pnpm@10.1.0","engines":{"yarn":" ^1.22 "}}"#);
        let request = requested(dir.path(), "yarn")
            .expect("valid")
            .expect("a request");
        assert_eq!(request.constraint, "^1.22");
        assert_eq!(request.source, "package.json engines.yarn");
        assert_eq!(request.exact, None);
        assert_eq!(
            requested(dir.path(), "pnpm")
                .expect("valid")
                .map(|r| r.constraint),
            Some("10.x".to_string())
        );
    }

    #[test]
    fn nothing_requested() {
        let dir = project(r#"{"engines":{"node":"22"}}"#);
        assert_eq!(requested(dir.path(), "yarn"), Ok(None));
        let empty = tempfile::tempdir().expect("temp dir");
        assert_eq!(requested(empty.path(), "yarn"), Ok(None));
    }

    #[test]
    fn a_malformed_package_manager_is_an_error() {
        let dir = project(r#"{"packageManager":"yarn@latest"}"#);
        let error = requested(dir.path(), "yarn").expect_err("not a version");
        insta::assert_snapshot!(error.render());
    }
}
