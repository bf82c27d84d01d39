//! npm as this buildpack runs it: the node and npm from node-engine's layer, npm's cache in
//! the cache layer, a private HOME, and an `npmrc` binding as the global config.

use crate::errors;
use crate::npmrc::NpmrcBinding;
use libcnb::Env;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::command::{Shown, run_streamed_filtered};
use stowage_kit::output::Output;
use stowage_kit::tool_version::tool_version;
use stowage_nodejs::PackageManagerEnv;

pub(crate) struct Npm {
    env: PackageManagerEnv,
    project_dir: PathBuf,
    pub versions: Versions,
}

pub(crate) struct Versions {
    /// `node --version`, e.g. `v22.23.3`.
    pub node: String,
    /// `npm --version`, e.g. `10.9.9`.
    pub npm: String,
}

impl Npm {
    pub(crate) fn new(
        platform_env: &Env,
        project_dir: &Path,
        cache_dir: &Path,
        npmrc: Option<&NpmrcBinding>,
    ) -> Result<Self, Error> {
        let mut env = PackageManagerEnv::new(platform_env)?;
        env.set("npm_config_cache", cache_dir);
        // Debug logs are for this build only, not for the cache layer.
        let logs = env.home().join("npm-logs");
        env.set("npm_config_logs_dir", logs);
        if let Some(binding) = npmrc {
            // Paketo's name: a user's own project .npmrc still applies on top of it.
            env.set("NPM_CONFIG_GLOBALCONFIG", &binding.path);
        }
        let version = |program: &str| {
            tool_version(
                &mut env.command(program, &["--version"], project_dir),
                errors::NODE_NOT_FOUND,
                errors::NODE_ADVICE,
            )
        };
        let versions = Versions {
            node: version("node")?,
            npm: version("npm")?,
        };
        Ok(Self {
            env,
            project_dir: project_dir.to_path_buf(),
            versions,
        })
    }

    /// Runs `npm <args>` in the project with its output in the log. A failure becomes
    /// `npm-install/install-failed`; the caller refines it.
    pub(crate) fn run(&self, args: &[&str], output: &mut Output) -> Result<(), Error> {
        let shown = format!("npm {}", args.join(" "));
        let mut usage = UsageText::default();
        run_streamed_filtered(
            &mut self.env.command("npm", args, &self.project_dir),
            output,
            errors::INSTALL_FAILED,
            &errors::install_advice(&shown),
            &mut Shown::Kept {
                keep: &mut |line| usage.keep(line),
                left_out: "npm's usage text",
            },
        )
    }
}

/// After a usage error (EUSAGE, e.g. `npm ci` with a lockfile out of sync) npm prints the
/// cause, then some 90 lines of the command's usage: the log keeps the cause only.
#[derive(Default)]
enum UsageText {
    #[default]
    Before,
    /// After `code EUSAGE`: the cause, without npm's blank `npm error` lines.
    Cause,
    /// From `Usage:` to `Run "npm help ..." for more info`.
    Usage,
    After,
}

impl UsageText {
    fn keep(&mut self, line: &str) -> bool {
        let message = line
            .trim()
            .trim_start_matches("npm error")
            .trim_start_matches("npm ERR!")
            .trim();
        match self {
            Self::Before => {
                if message == "code EUSAGE" {
                    *self = Self::Cause;
                }
                true
            }
            Self::Cause if message == "Usage:" => {
                *self = Self::Usage;
                false
            }
            Self::Cause => !message.is_empty(),
            Self::Usage => {
                if message.starts_with("Run \"npm help") {
                    *self = Self::After;
                }
                false
            }
            Self::After => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UsageText;

    #[test]
    fn the_usage_text_after_a_usage_error_is_left_out() {
        let npm = "npm error code EUSAGE\nnpm error\nnpm error `npm ci` can only install packages when your package.json and package-lock.json are in sync.\nnpm error\nnpm error Missing: is-odd@3.0.1 from lock file\nnpm error\nnpm error Clean install a project\nnpm error\nnpm error Usage:\nnpm error npm ci\nnpm error\nnpm error Options:\nnpm error [--install-strategy <hoisted|nested|shallow|linked>]\nnpm error\nnpm error Run \"npm help ci\" for more info\nnpm error A complete log of this run can be found in: /home/npm-logs/debug-0.log";
        let mut usage = UsageText::default();
        let kept: Vec<&str> = npm.lines().filter(|line| usage.keep(line)).collect();
        insta::assert_snapshot!(kept.join("\n"));
    }

    #[test]
    fn other_output_is_all_kept() {
        let npm = "npm error code E404\nnpm error\nnpm error 404 Not Found\nnpm error Usage: not a usage text";
        let mut usage = UsageText::default();
        assert!(npm.lines().all(|line| usage.keep(line)));
    }
}
