//! Running Bundler in the app: with the user's `BUNDLE_*` platform variables (a mirror such as
//! `BUNDLE_MIRROR__ALL`, credentials), a `bundle-config` binding as the local config, and the
//! layer's own global config.

use crate::build_files;
use crate::config_binding::ConfigBinding;
use crate::errors;
use libcnb::Env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::command::run_streamed;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::tool_version::tool_version;

/// Gems the app vendored with `bundle cache`; with them Bundler installs offline.
pub(crate) const VENDOR_CACHE: &str = "vendor/cache";

pub(crate) struct Bundle {
    app_dir: PathBuf,
    vars: Vec<(OsString, OsString)>,
    /// The `bundle-config` binding's folder, Bundler's `BUNDLE_APP_CONFIG` while building.
    app_config: Option<PathBuf>,
    /// `3.1` of `ruby 3.1.2`: gems with native extensions are built for it.
    pub(crate) ruby_major_minor: String,
    /// `bundle install --local` when the app has `vendor/cache`.
    pub(crate) local: bool,
    /// `BP_KEEP_GEM_EXTENSION_BUILD_FILES`: leave the extensions' build files in the layers.
    pub(crate) keep_build_files: bool,
}

impl Bundle {
    pub(crate) fn new(
        app_dir: &Path,
        platform_env: &Env,
        binding: Option<ConfigBinding>,
        output: &mut Output,
    ) -> Result<Self, Error> {
        let vars = bundle_vars(platform_env);
        let keep_build_files = Config::new(platform_env).flag(build_files::KEEP)?;
        let ruby_version = ruby_version()?;
        let ruby_major_minor = major_minor(&ruby_version)
            .ok_or_else(|| errors::ruby_not_found(&format!("it printed `{ruby_version}`")))?;
        output.section("Bundler");
        output.step(&format!("Ruby {ruby_version}"));
        let local = app_dir.join(VENDOR_CACHE).is_dir();
        if local {
            output.step("Installing from vendor/cache, without a gem server (`--local`)");
        }
        for (name, _) in &vars {
            output.step(&format!("Passing {} to Bundler", name.to_string_lossy()));
        }
        if let Some(binding) = &binding {
            output.step(&format!(
                "Bundler settings from the `bundle-config` binding {} (read while building, \
                 kept out of the image)",
                binding.name
            ));
        }
        Ok(Self {
            app_dir: app_dir.to_path_buf(),
            vars,
            app_config: binding.map(|binding| binding.folder),
            keep_build_files,
            ruby_major_minor,
            local,
        })
    }

    /// The `bundle install` command line, part of the layers' key.
    pub(crate) fn install_args(&self) -> Vec<&'static str> {
        if self.local {
            vec!["install", "--local"]
        } else {
            vec!["install"]
        }
    }

    /// Runs `bundle <args>` in the app with `BUNDLE_USER_CONFIG` set to `config`.
    pub(crate) fn run(
        &self,
        args: &[&str],
        config: &Path,
        output: &mut Output,
    ) -> Result<(), Error> {
        let mut command = Command::new("bundle");
        command
            .args(args)
            .current_dir(&self.app_dir)
            .envs(self.vars.iter().map(|(name, value)| (name, value)))
            .env("BUNDLE_USER_CONFIG", config);
        if let Some(folder) = &self.app_config {
            command.env("BUNDLE_APP_CONFIG", folder);
        }
        let advice = if args.first() == Some(&"install") {
            errors::INSTALL_ADVICE
        } else {
            errors::CONFIG_ADVICE
        };
        run_streamed(&mut command, output, errors::BUNDLE_FAILED, advice)
    }
}

/// The platform's `BUNDLE_*` variables, sorted.
fn bundle_vars(platform_env: &Env) -> Vec<(OsString, OsString)> {
    let mut vars: Vec<(OsString, OsString)> = platform_env
        .iter()
        .filter(|(name, _)| name.to_string_lossy().starts_with("BUNDLE_"))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    vars.sort();
    vars
}

/// `ruby_not_found`'s words, with the command's own failure as the detail.
fn ruby_version() -> Result<String, Error> {
    tool_version(
        Command::new("ruby").args(["-e", "print RUBY_VERSION"]),
        "bundle-install/ruby-not-found",
        "",
    )
    .map_err(|error| errors::ruby_not_found(&error.debug.unwrap_or_default()))
}

fn major_minor(version: &str) -> Option<String> {
    let mut parts = version.split('.');
    let major = parts.next().filter(|p| p.parse::<u64>().is_ok())?;
    let minor = parts.next().filter(|p| p.parse::<u64>().is_ok())?;
    Some(format!("{major}.{minor}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_minor_of_ruby_versions() {
        assert_eq!(major_minor("3.1.2").as_deref(), Some("3.1"));
        assert_eq!(major_minor("3.4.0").as_deref(), Some("3.4"));
        assert_eq!(major_minor("3"), None);
        assert_eq!(major_minor("ruby"), None);
    }

    #[test]
    fn only_bundler_variables_pass() {
        let mut env = Env::new();
        env.insert("BUNDLE_MIRROR__ALL", "http://127.0.0.1:8080/rubygems/");
        env.insert("BP_MRI_VERSION", "3.1");
        env.insert("BUNDLE_JOBS", "2");
        let names: Vec<String> = bundle_vars(&env)
            .into_iter()
            .map(|(name, _)| name.to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["BUNDLE_JOBS", "BUNDLE_MIRROR__ALL"]);
    }
}
