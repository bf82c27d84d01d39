//! Which Yarn runs the install: the release the project commits (`yarnPath`), else the `yarn`
//! the yarn buildpack put on PATH; and whether it can read the project's lockfile.

use crate::errors;
use std::path::{Path, PathBuf};
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::output::Output;
use stowage_kit::tool_version::tool_version;
use stowage_nodejs::{PackageManagerEnv, Yarnrc, lockfile_is_berry};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    /// Yarn 1.
    Classic,
    /// Yarn 2 and later.
    Berry,
}

pub(crate) struct Yarn {
    /// A committed release runs as `node <release>`.
    release: Option<PathBuf>,
    pub version: semver::Version,
    pub flavour: Flavour,
    pub rc: Yarnrc,
}

impl Yarn {
    pub(crate) fn find(
        project: &Path,
        env: &PackageManagerEnv,
        node: &str,
        output: &mut Output,
    ) -> Result<Self, Error> {
        output.section("Finding Yarn");
        let rc = Yarnrc::read(project)?;
        let release = rc.yarn_path();
        if let Some(release) = &release
            && !project.join(release).is_file()
        {
            return Err(errors::release_not_found(release));
        }
        let mut yarn = Self {
            release,
            version: semver::Version::new(0, 0, 0),
            flavour: Flavour::Classic,
            rc,
        };
        let reported = tool_version(
            &mut yarn.command(env, &["--version"], project),
            errors::YARN_NOT_FOUND,
            errors::YARN_NOT_FOUND_ADVICE,
        )?;
        yarn.version = semver::Version::parse(&reported)
            .map_err(|error| errors::not_a_version(&reported, &error))?;
        yarn.flavour = if yarn.version.major >= 2 {
            Flavour::Berry
        } else {
            Flavour::Classic
        };
        let source = match &yarn.release {
            Some(release) => format!("the app's release {}", release.display()),
            None => "from the yarn buildpack".to_string(),
        };
        output.step(&format!(
            "Yarn {} ({source}) on Node.js {node}",
            yarn.version
        ));
        yarn.check_lockfile(project)?;
        Ok(yarn)
    }

    #[cfg(test)]
    pub(crate) fn for_tests(version: &str) -> Self {
        let version = semver::Version::parse(version).expect("a version");
        Self {
            release: None,
            flavour: if version.major >= 2 {
                Flavour::Berry
            } else {
                Flavour::Classic
            },
            version,
            rc: Yarnrc::default(),
        }
    }

    /// Yarn with `args`, run in `dir`.
    pub(crate) fn command(&self, env: &PackageManagerEnv, args: &[&str], dir: &Path) -> Command {
        match &self.release {
            Some(release) => {
                let release = release.to_string_lossy();
                let all: Vec<&str> = std::iter::once(release.as_ref())
                    .chain(args.iter().copied())
                    .collect();
                env.command("node", &all, dir)
            }
            None => env.command("yarn", args, dir),
        }
    }

    /// `yarn` or `node <release>`, for the log and layer metadata.
    pub(crate) fn shown(&self, args: &[&str]) -> String {
        let program = self.release.as_ref().map_or_else(
            || "yarn".to_string(),
            |release| format!("node {}", release.display()),
        );
        std::iter::once(program)
            .chain(args.iter().map(|arg| (*arg).to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Yarn 1 cannot read a Yarn 2+ lockfile, and Yarn 2+ would rewrite a Yarn 1 lockfile,
    /// which an immutable install refuses: say so before Yarn fails less clearly.
    fn check_lockfile(&self, project: &Path) -> Result<(), Error> {
        let berry_lockfile = lockfile_is_berry(project)?;
        match (self.flavour, berry_lockfile) {
            (Flavour::Classic, true) => Err(errors::lockfile_needs_yarn_2(&self.version)),
            (Flavour::Berry, false) => Err(errors::lockfile_needs_yarn_1(&self.version)),
            _ => Ok(()),
        }
    }
}
