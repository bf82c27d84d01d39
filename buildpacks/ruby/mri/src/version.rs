//! The MRI version: `BP_MRI_VERSION` > the Gemfile's `ruby` line > Gemfile.lock's
//! `RUBY VERSION` > `.ruby-version` > the inventory's default, resolved as a gem requirement.

use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_ruby::gemfile::{GEMFILE, ruby_directive};
use stowage_ruby::gemfile_lock::GEMFILE_LOCK;
use stowage_ruby::ruby_version_file::{self, RUBY_VERSION_FILE};
use stowage_ruby::tool::{Request, Tool};
use stowage_ruby::{GemRequirement, GemfileLock};

pub(crate) const VERSION: &str = "BP_MRI_VERSION";

pub(crate) const MRI: Tool = Tool {
    provides: "mri",
    id: "ruby",
    name: "MRI",
    variable: VERSION,
    parse: |text| Ok(Box::new(GemRequirement::parse(text)?)),
    // A gem requirement has no wildcards: `3.1.*` is the line `3.1`, `*` anything.
    default: |version| version.replace(".*", "").replace('*', ">= 0"),
};

/// The first request in priority order; `None` when nothing asks. A malformed Gemfile.lock
/// fails here: mri is the family's first buildpack, so it reports it once.
pub(crate) fn request(config: &Config, app_dir: &Path) -> Result<Option<Request>, Error> {
    if let Some(request) = MRI.variable_request(config) {
        return Ok(Some(request));
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
