//! The app's project descriptor (`project.toml`, or the file `--descriptor` names), honoured
//! as `pack build` honours it: its build variables come first and everything the user passes
//! overrides them, its include or exclude patterns decide which files reach the workspace,
//! and its buildpack group replaces the builder's order for this build.

mod errors;
mod files;
mod group;
mod schema;
#[cfg(test)]
mod tests;

pub use files::copy_app;
pub use group::{apply_to_cnb, check_against_builder};

use schema::{Build, BuildpackEntry};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use stowage_kit::Error;

/// Which files of the app the build gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Files {
    All,
    /// Only the files these gitignore-style patterns match.
    Include(Vec<String>),
    /// All but the files these patterns match.
    Exclude(Vec<String>),
}

/// A project descriptor, read and checked.
#[derive(Debug)]
pub struct Descriptor {
    pub path: PathBuf,
    /// `0.1` or `0.2`.
    pub schema: &'static str,
    /// `[[build.env]]` in file order.
    pub env: Vec<(String, String)>,
    pub files: Files,
    group: Vec<BuildpackEntry>,
    pre: Vec<BuildpackEntry>,
    post: Vec<BuildpackEntry>,
    /// Said with the summary: keys this schema ignores, a builder we cannot switch to.
    pub warnings: Vec<String>,
}

/// The descriptor a build uses: `given` (absolute, or relative to the app folder, else to the
/// current folder), or the app's `project.toml` when there is one.
pub fn locate(app: &Path, given: Option<&Path>) -> Result<Option<PathBuf>, Error> {
    let Some(given) = given else {
        let default = app.join("project.toml");
        return Ok(default.is_file().then_some(default));
    };
    let candidates = if given.is_absolute() {
        vec![given.to_path_buf()]
    } else {
        vec![app.join(given), given.to_path_buf()]
    };
    candidates
        .into_iter()
        .find(|path| path.is_file())
        .map(Some)
        .ok_or_else(|| errors::not_found(given, app))
}

/// The descriptor of the app, if any (see [`locate`]).
pub fn for_app(app: &Path, given: Option<&Path>) -> Result<Option<Descriptor>, Error> {
    locate(app, given)?.map(|path| read(&path)).transpose()
}

/// Reads and checks a descriptor.
pub fn read(path: &Path) -> Result<Descriptor, Error> {
    let text = fs_err::read_to_string(path).map_err(|error| errors::unreadable(path, &error))?;
    parse(path, &text)
}

fn parse(path: &Path, text: &str) -> Result<Descriptor, Error> {
    let table: toml::Table = text
        .parse()
        .map_err(|error| errors::malformed(path, &error))?;
    let declared = table
        .get("_")
        .and_then(|underscore| underscore.get("schema-version"));
    let mut warnings = Vec::new();
    let schema = match declared {
        None => {
            warnings.push(
                "No schema version declared in the descriptor, defaulting to schema version 0.1"
                    .to_string(),
            );
            "0.1"
        }
        Some(toml::Value::String(version)) if version == "0.1" => "0.1",
        Some(toml::Value::String(version)) if version == "0.2" => "0.2",
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string);
            return Err(errors::unknown_schema(path, &shown));
        }
    };
    let build: Build = if schema == "0.2" {
        toml::from_str::<schema::V02>(text)
            .map_err(|error| errors::malformed(path, &error))?
            .into()
    } else {
        toml::from_str::<schema::V01>(text)
            .map_err(|error| errors::malformed(path, &error))?
            .into()
    };
    // Keys of the other schema are ignored, as pack ignores them, but said.
    let ignored: &[&str] = if schema == "0.2" {
        &["build", "project"]
    } else {
        &["io"]
    };
    for key in ignored {
        if table.contains_key(*key) {
            warnings.push(format!(
                "[{key}] is not part of schema {schema} and is ignored; {}",
                if schema == "0.2" {
                    "schema 0.2 keeps build settings under [io.buildpacks]"
                } else {
                    "set [_] schema-version = \"0.2\" to use [io.buildpacks]"
                }
            ));
        }
    }
    if let Some(builder) = &build.builder {
        warnings.push(format!(
            "the descriptor names the builder {builder}; build-app builds with \
             builders/bookworm"
        ));
    }
    let files = match (build.include, build.exclude) {
        (Some(_), Some(_)) => return Err(errors::include_and_exclude(path, schema)),
        (Some(include), None) => Files::Include(include),
        (None, Some(exclude)) => Files::Exclude(exclude),
        (None, None) => Files::All,
    };
    let mut env = Vec::new();
    for entry in build.env {
        if !crate::platform::valid_env_name(&entry.name) {
            return Err(errors::bad_env(path, &entry.name));
        }
        env.push((entry.name, entry.value));
    }
    for entry in build.group.iter().chain(&build.pre).chain(&build.post) {
        group::check_entry(path, entry)?;
    }
    let descriptor = Descriptor {
        path: path.to_path_buf(),
        schema,
        env,
        files,
        group: build.group,
        pre: build.pre,
        post: build.post,
        warnings,
    };
    // A bad pattern is said now, before anything slow starts.
    files::matcher(&descriptor)?;
    Ok(descriptor)
}

impl Descriptor {
    /// The build's variables: the descriptor's first, then `user` (the caller's environment,
    /// env files and `--env`, already in that order) overriding them, as pack orders them.
    #[must_use]
    pub fn with_user_env(&self, user: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut vars: BTreeMap<String, String> = self.env.iter().cloned().collect();
        vars.extend(
            user.iter()
                .map(|(name, value)| (name.clone(), value.clone())),
        );
        vars
    }

    /// What the build log says about the descriptor (names, never values).
    #[must_use]
    pub fn summary(&self, group: Option<&str>) -> String {
        let mut out = format!(
            "Project descriptor {} (schema {})\n",
            self.path.display(),
            self.schema
        );
        if !self.env.is_empty() {
            let names: Vec<&str> = self.env.iter().map(|(name, _)| name.as_str()).collect();
            let _ = writeln!(
                out,
                "  Build variables: {} (your environment, env files and --env override them)",
                names.join(", ")
            );
        }
        match &self.files {
            Files::All => {}
            Files::Include(patterns) => {
                let _ = writeln!(
                    out,
                    "  Only these files reach the build: {}",
                    patterns.join(", ")
                );
            }
            Files::Exclude(patterns) => {
                let _ = writeln!(out, "  Excluded from the build: {}", patterns.join(", "));
            }
        }
        if let Some(group) = group {
            let _ = writeln!(out, "  Buildpacks: {group}");
        }
        for warning in &self.warnings {
            let _ = writeln!(out, "  Warning: {warning}");
        }
        out
    }
}
