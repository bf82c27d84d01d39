//! The Bundler version: `BP_BUNDLER_VERSION` > the major of Gemfile.lock's `BUNDLED WITH`
//! (`2.3.15` → `2.*.*`, as Paketo's) > the inventory's default.

use serde::Deserialize;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_kit::version::SemverRequirement;
use stowage_ruby::GemfileLock;
use stowage_ruby::gemfile_lock::GEMFILE_LOCK;

pub(crate) const VERSION: &str = "BP_BUNDLER_VERSION";

/// The buildpack's `[metadata]`: the inventory.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Metadata {
    #[serde(flatten)]
    pub inventory: Inventory,
}

/// What was asked and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub version: String,
    pub source: &'static str,
}

pub(crate) fn request(config: &Config, app_dir: &Path) -> Result<Option<Request>, Error> {
    if let Some(version) = config.string(VERSION).filter(|v| !v.trim().is_empty()) {
        return Ok(Some(Request {
            version: version.trim().to_string(),
            source: VERSION,
        }));
    }
    Ok(GemfileLock::read(app_dir)?
        .and_then(|lock| lock.bundled_with)
        .map(|version| Request {
            version: format!("{}.*.*", version.major),
            source: GEMFILE_LOCK,
        }))
}

pub(crate) fn select<'a>(
    metadata: &'a Metadata,
    request: Option<Request>,
    app_dir: &Path,
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving Bundler version");
    let request = if let Some(request) = request {
        output.step(&format!(
            "Requested \"{}\" (from {})",
            request.version, request.source
        ));
        request
    } else {
        let version = metadata.inventory.default_version("bundler").unwrap_or("*");
        output.step(&format!(
            "No version requested; using the default \"{version}\""
        ));
        Request {
            version: version.to_string(),
            source: "the buildpack's default",
        }
    };
    let named = |error: Error| match request.source {
        VERSION => error.variable(VERSION),
        GEMFILE_LOCK => error.file(app_dir.join(GEMFILE_LOCK)),
        _ => error,
    };
    let requirement = SemverRequirement::parse(&request.version).map_err(named)?;
    let dependency = metadata
        .inventory
        .resolve_with_debug("bundler", &requirement, target, output)
        .map_err(named)?;
    output.step(&format!(
        "Selected Bundler {} (from {})",
        dependency.version, request.source
    ));
    warn_if_deprecated(dependency, VERSION, output)?;
    Ok(dependency)
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
