//! Whether devDependencies go into the image: npm's own rule (`npm prune`, `npm install`),
//! applied to npm, Yarn and pnpm alike. They are left out only when `NODE_ENV` is `production`.

use libcnb::Env;
use std::ffi::{OsStr, OsString};

/// Which dependencies an install gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dependencies {
    /// devDependencies too.
    All,
    /// Without devDependencies.
    Production,
}

/// The `NODE_ENV` the build goes by: the user's value (`<platform>/env`), else the build
/// environment's (node-engine sets `production` as a default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeEnv(Option<String>);

impl NodeEnv {
    /// The effective `NODE_ENV` of this build.
    #[must_use]
    pub fn effective(platform_env: &Env) -> Self {
        Self::from_values(
            platform_env.get("NODE_ENV").map(OsString::as_os_str),
            std::env::var_os("NODE_ENV").as_deref(),
        )
    }

    fn from_values(user: Option<&OsStr>, build: Option<&OsStr>) -> Self {
        Self(
            user.or(build)
                .map(|value| value.to_string_lossy().into_owned()),
        )
    }

    /// What the app image gets: devDependencies unless `NODE_ENV` is `production`.
    #[must_use]
    pub fn launch_dependencies(&self) -> Dependencies {
        if self.0.as_deref() == Some("production") {
            Dependencies::Production
        } else {
            Dependencies::All
        }
    }

    /// For the log, e.g. `NODE_ENV=development`.
    #[must_use]
    pub fn describe(&self) -> String {
        match &self.0 {
            Some(value) => format!("NODE_ENV={value}"),
            None => "NODE_ENV is not set".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_env(user: Option<&str>, build: Option<&str>) -> NodeEnv {
        NodeEnv::from_values(user.map(OsStr::new), build.map(OsStr::new))
    }

    #[test]
    fn the_users_value_wins_over_the_build_default() {
        let development = node_env(Some("development"), Some("production"));
        assert_eq!(development.launch_dependencies(), Dependencies::All);
        assert_eq!(development.describe(), "NODE_ENV=development");

        let default = node_env(None, Some("production"));
        assert_eq!(default.launch_dependencies(), Dependencies::Production);
        assert_eq!(default.describe(), "NODE_ENV=production");

        let user_production = node_env(Some("production"), Some("staging"));
        assert_eq!(
            user_production.launch_dependencies(),
            Dependencies::Production
        );
    }

    #[test]
    fn only_production_leaves_dev_dependencies_out() {
        for value in ["staging", "test", "Production", ""] {
            assert_eq!(
                node_env(Some(value), None).launch_dependencies(),
                Dependencies::All,
                "{value}"
            );
        }
        let unset = node_env(None, None);
        assert_eq!(unset.launch_dependencies(), Dependencies::All);
        assert_eq!(unset.describe(), "NODE_ENV is not set");
    }

    #[test]
    fn reads_the_platform_env() {
        let mut platform = Env::new();
        platform.insert("NODE_ENV", "development");
        assert_eq!(
            NodeEnv::effective(&platform).launch_dependencies(),
            Dependencies::All
        );
    }
}
