//! npm as this buildpack runs it: the node and npm from node-engine's layer, npm's cache in
//! the cache layer, a private HOME, and an `npmrc` binding as the global config.

use crate::errors;
use crate::npmrc::NpmrcBinding;
use libcnb::Env;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::command::run_streamed;
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
        run_streamed(
            &mut self.env.command("npm", args, &self.project_dir),
            output,
            errors::INSTALL_FAILED,
            &errors::install_advice(&shown),
        )
    }
}
