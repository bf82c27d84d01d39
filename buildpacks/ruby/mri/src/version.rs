//! The MRI version: `BP_MRI_VERSION` > the Gemfile's `ruby` line > Gemfile.lock's
//! `RUBY VERSION` > `.ruby-version` > the inventory's default, resolved as a gem requirement.

use serde::Deserialize;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;
use stowage_ruby::gemfile::{GEMFILE, ruby_directive};
use stowage_ruby::gemfile_lock::GEMFILE_LOCK;
use stowage_ruby::ruby_version_file::{self, RUBY_VERSION_FILE};
use stowage_ruby::{GemRequirement, GemfileLock};

pub(crate) const VERSION: &str = "BP_MRI_VERSION";

/// The buildpack's `[metadata]`: the inventory.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Metadata {
    #[serde(flatten)]
    pub inventory: Inventory,
}

/// What was asked and where: a variable or a file of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub version: String,
    pub source: &'static str,
}

/// The first request in priority order; `None` when nothing asks. A malformed Gemfile.lock
/// fails here: mri is the family's first buildpack, so it reports it once.
pub(crate) fn request(config: &Config, app_dir: &Path) -> Result<Option<Request>, Error> {
    if let Some(version) = config.string(VERSION).filter(|v| !v.trim().is_empty()) {
        return Ok(Some(Request {
            version: version.trim().to_string(),
            source: VERSION,
        }));
    }
    let lock = GemfileLock::read(app_dir)?;
    let gemfile = fs_err::read_to_string(app_dir.join(GEMFILE)).unwrap_or_default();
    let found = ruby_directive(&gemfile)
        .map(|version| (version, GEMFILE))
        .or_else(|| {
            lock.and_then(|lock| lock.ruby_version)
                .map(|version| (version, GEMFILE_LOCK))
        })
        .or_else(|| ruby_version_file::read(app_dir).map(|version| (version, RUBY_VERSION_FILE)));
    Ok(found.map(|(version, source)| Request { version, source }))
}

/// Resolves the version to install and says in the log which source chose it.
pub(crate) fn select<'a>(
    metadata: &'a Metadata,
    request: Option<Request>,
    app_dir: &Path,
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving MRI version");
    let request = if let Some(request) = request {
        output.step(&format!(
            "Requested \"{}\" (from {})",
            request.version, request.source
        ));
        request
    } else {
        let version = metadata.inventory.default_version("ruby").unwrap_or("*");
        output.step(&format!(
            "No version requested; using the default \"{version}\""
        ));
        Request {
            version: version.replace(".*", "").replace('*', ">= 0"),
            source: "the buildpack's default",
        }
    };
    let named = |error: Error| match request.source {
        VERSION => error.variable(VERSION),
        file if file.contains('.') || file == GEMFILE => error.file(app_dir.join(file)),
        _ => error,
    };
    let requirement = GemRequirement::parse(&request.version).map_err(named)?;
    let dependency = metadata
        .inventory
        .resolve_with_debug("ruby", &requirement, target, output)
        .map_err(named)?;
    output.step(&format!(
        "Selected MRI {} (from {})",
        dependency.version, request.source
    ));
    warn_if_deprecated(dependency, VERSION, output)?;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    fn app(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            fs_err::write(dir.path().join(name), text).expect("write");
        }
        dir
    }

    fn requested(env: &[(&str, &str)], files: &[(&str, &str)]) -> Option<(String, &'static str)> {
        let mut vars = Env::new();
        for (name, value) in env {
            vars.insert(name, value);
        }
        let dir = app(files);
        request(&Config::new(&vars), dir.path())
            .expect("reads")
            .map(|r| (r.version, r.source))
    }

    const LOCK: &str = "GEM\n  specs:\n    rack (2.2.22)\n\nRUBY VERSION\n   ruby 3.1.2p20\n";

    #[test]
    fn sources_in_priority_order() {
        let all = [
            ("Gemfile", "ruby '~> 3.1'\n"),
            ("Gemfile.lock", LOCK),
            (".ruby-version", "3.0\n"),
        ];
        assert_eq!(
            requested(&[("BP_MRI_VERSION", "3.1.2")], &all),
            Some(("3.1.2".into(), VERSION))
        );
        assert_eq!(requested(&[], &all), Some(("~> 3.1".into(), GEMFILE)));
        assert_eq!(
            requested(&[], &all[1..]),
            Some(("3.1.2".into(), GEMFILE_LOCK))
        );
        assert_eq!(
            requested(&[], &all[2..]),
            Some(("3.0".into(), RUBY_VERSION_FILE))
        );
        assert_eq!(requested(&[], &[]), None);
    }

    #[test]
    fn a_malformed_lock_fails_naming_the_file() {
        let dir = app(&[("Gemfile.lock", "BUNDLED WITH\n   two\n")]);
        let error = request(&Config::new(&Env::new()), dir.path()).expect_err("malformed");
        assert_eq!(error.id, "ruby/bundled-with-invalid");
        assert!(
            error.render().contains("Gemfile.lock"),
            "{}",
            error.render()
        );
    }
}
