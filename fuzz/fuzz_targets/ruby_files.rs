//! The files mri, bundler and bundle-install read: Gemfile (its `ruby` line and gems),
//! Gemfile.lock, .ruby-version, and the gem requirements they hold.
//! Input: Gemfile, NUL, Gemfile.lock, NUL, .ruby-version.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_fuzz::parts;
use stowage_kit::version::VersionConstraint;
use stowage_ruby::{GemRequirement, GemfileLock, gemfile, ruby_version_file};

fn requirement(text: &str) {
    if let Ok(requirement) = GemRequirement::parse(text) {
        let _ = requirement.to_string();
        let _ = requirement.matches(&semver::Version::new(3, 1, 2));
    }
}

fuzz_target!(|data: &[u8]| {
    let files = parts(data, 3);
    let gemfile_text = String::from_utf8_lossy(files[0]);
    if let Some(ruby) = gemfile::ruby_directive(&gemfile_text) {
        requirement(&ruby);
    }
    let _ = gemfile::has_gem(&gemfile_text, "puma");
    if let Ok(lock) = GemfileLock::parse(&String::from_utf8_lossy(files[1])) {
        let _ = lock.gems.len();
        if let Some(ruby) = lock.ruby_version {
            requirement(&ruby);
        }
    }
    if let Some(version) = ruby_version_file::parse(&String::from_utf8_lossy(files[2])) {
        requirement(&version);
    }
});
