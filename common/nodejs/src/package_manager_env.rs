//! The environment npm, yarn or pnpm runs in during a build: the build env, the user's
//! platform variables, and a private, empty HOME, so the build machine's user config
//! (`~/.npmrc`, `~/.yarnrc`) cannot change what gets installed.

use libcnb::Env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use stowage_kit::Error;

/// Variables the lifecycle itself prepends from `<platform>/env`; applying them again would
/// repeat entries.
const PATH_LIKE: [&str; 5] = [
    "PATH",
    "LD_LIBRARY_PATH",
    "LIBRARY_PATH",
    "CPATH",
    "PKG_CONFIG_PATH",
];

/// Defaults that keep npm from calling home or auditing during a build; a user's value wins.
const NPM_DEFAULTS: [(&str, &str); 3] = [
    ("npm_config_update_notifier", "false"),
    ("npm_config_fund", "false"),
    ("npm_config_audit", "false"),
];

pub struct PackageManagerEnv {
    home: PathBuf,
    vars: Vec<(OsString, OsString)>,
}

impl PackageManagerEnv {
    /// Creates the private HOME (removed again on drop) and collects the platform variables.
    pub fn new(platform_env: &Env) -> Result<Self, Error> {
        let home = private_home()?;
        let mut vars: Vec<(OsString, OsString)> = platform_env
            .iter()
            .filter(|(name, _)| !PATH_LIKE.iter().any(|path| name.as_os_str() == *path))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        vars.sort();
        for (name, value) in NPM_DEFAULTS {
            let set_by_user = |candidate: &str| {
                std::env::var_os(candidate).is_some() || platform_env.contains_key(candidate)
            };
            if !set_by_user(name) && !set_by_user(&name.to_ascii_uppercase()) {
                vars.push((name.into(), value.into()));
            }
        }
        Ok(Self { home, vars })
    }

    /// Adds or replaces a variable for every command made afterwards.
    pub fn set(&mut self, name: impl Into<OsString>, value: impl Into<OsString>) {
        let name = name.into();
        self.vars.retain(|(existing, _)| *existing != name);
        self.vars.push((name, value.into()));
    }

    /// `program` with `args`, run in `dir`, with this environment on top of the build env.
    #[must_use]
    pub fn command(&self, program: &str, args: &[&str], dir: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(dir)
            .envs(self.vars.iter().map(|(name, value)| (name, value)))
            .env("HOME", &self.home);
        command
    }

    #[must_use]
    pub fn home(&self) -> &Path {
        &self.home
    }
}

impl Drop for PackageManagerEnv {
    fn drop(&mut self) {
        // Best effort: it lives in the temp dir, which the build container discards anyway.
        let _ = fs_err::remove_dir_all(&self.home);
    }
}

fn private_home() -> Result<PathBuf, Error> {
    let base = std::env::temp_dir();
    let mut last_error = None;
    for attempt in 0..100 {
        let dir = base.join(format!("stowage-home-{}-{attempt}", std::process::id()));
        match fs_err::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                last_error = Some(error);
            }
            Err(error) => {
                last_error = Some(error);
                break;
            }
        }
    }
    Err(Error::new(
        "nodejs/no-temp-dir",
        "The build cannot create a temporary folder",
        "The package manager runs with a private HOME in the temp folder. Make sure TMPDIR (or /tmp) \
         exists and is writable by the build user.",
    )
    .file(base)
    .debug(last_error.map_or_else(String::new, |error| error.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_variables_and_a_private_home_reach_the_tool() {
        let mut platform = Env::new();
        platform.insert("NPM_CONFIG_REGISTRY", "https://registry.example/");
        platform.insert("PATH", "/should/not/repeat");
        platform.insert("npm_config_fund", "true");
        let mut env = PackageManagerEnv::new(&platform).expect("tool env");
        env.set("npm_config_cache", "/layers/cache");
        let home = env.home().to_path_buf();
        assert!(home.is_dir());

        let command = env.command("npm", &["ci"], Path::new("/app"));
        let vars: Vec<(String, Option<String>)> = command
            .get_envs()
            .map(|(name, value)| {
                (
                    name.to_string_lossy().into_owned(),
                    value.map(|value| value.to_string_lossy().into_owned()),
                )
            })
            .collect();
        let get = |name: &str| {
            vars.iter()
                .find(|(candidate, _)| candidate == name)
                .and_then(|(_, value)| value.clone())
        };
        assert_eq!(
            get("NPM_CONFIG_REGISTRY").as_deref(),
            Some("https://registry.example/")
        );
        assert_eq!(get("HOME"), Some(home.display().to_string()));
        assert_eq!(get("npm_config_cache").as_deref(), Some("/layers/cache"));
        assert_eq!(get("npm_config_fund").as_deref(), Some("true"));
        assert_eq!(get("npm_config_update_notifier").as_deref(), Some("false"));
        assert_eq!(get("PATH"), None);
        assert_eq!(command.get_current_dir(), Some(Path::new("/app")));

        drop(env);
        assert!(!home.exists(), "the private HOME is removed");
    }
}
