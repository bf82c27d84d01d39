//! The Bundler version: `BP_BUNDLER_VERSION` > the major of Gemfile.lock's `BUNDLED WITH`
//! (`2.3.15` → `2.*.*`, as Paketo's) > the inventory's default.

use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::version::SemverRequirement;
use stowage_ruby::GemfileLock;
use stowage_ruby::gemfile_lock::GEMFILE_LOCK;
use stowage_ruby::tool::{Request, Tool};

pub(crate) const VERSION: &str = "BP_BUNDLER_VERSION";

pub(crate) const BUNDLER: Tool = Tool {
    provides: "bundler",
    id: "bundler",
    name: "Bundler",
    variable: VERSION,
    parse: |text| Ok(Box::new(SemverRequirement::parse(text)?)),
    default: str::to_string,
};

pub(crate) fn request(config: &Config, app_dir: &Path) -> Result<Option<Request>, Error> {
    if let Some(request) = BUNDLER.variable_request(config) {
        return Ok(Some(request));
    }
    Ok(GemfileLock::read(app_dir)?
        .and_then(|lock| lock.bundled_with)
        .map(|version| Request {
            version: format!("{}.*.*", version.major),
            source: GEMFILE_LOCK,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    fn requested(env: &[(&str, &str)], lock: Option<&str>) -> Option<Request> {
        let mut vars = Env::new();
        for (name, value) in env {
            vars.insert(name, value);
        }
        let dir = tempfile::tempdir().expect("temp dir");
        if let Some(text) = lock {
            fs_err::write(dir.path().join(GEMFILE_LOCK), text).expect("write");
        }
        request(&Config::new(&vars), dir.path()).expect("reads")
    }

    #[test]
    fn the_variable_then_the_major_bundled_with() {
        let lock = "GEM\n  specs:\n\nBUNDLED WITH\n   2.3.15\n";
        let from_env = requested(&[(VERSION, "2.3.15")], Some(lock)).expect("request");
        assert_eq!(
            (from_env.version.as_str(), from_env.source),
            ("2.3.15", VERSION)
        );
        let from_lock = requested(&[], Some(lock)).expect("request");
        assert_eq!(
            (from_lock.version.as_str(), from_lock.source),
            ("2.*.*", GEMFILE_LOCK)
        );
        assert_eq!(requested(&[], None), None);
    }

    #[test]
    fn the_requirement_resolves_against_the_inventory() {
        for (wanted, ok) in [("2.*.*", true), ("4.*.*", false)] {
            let requirement = SemverRequirement::parse(wanted).expect("parses");
            let version = semver::Version::new(2, 3, 15);
            assert_eq!(
                stowage_kit::version::VersionConstraint::matches(&requirement, &version),
                ok,
                "{wanted}"
            );
        }
    }
}
