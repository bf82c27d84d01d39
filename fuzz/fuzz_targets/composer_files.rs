//! composer.json and its composer.lock as php-dist and composer-install read them, and the
//! Composer constraint each may hold. Input: composer.json, NUL, composer.lock.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_fuzz::{parts, project_with};
use stowage_php::{ComposerConstraint, ComposerJson, ComposerLock};
use stowage_kit::version::VersionConstraint;

fuzz_target!(|data: &[u8]| {
    let files = parts(data, 2);
    let dir = project_with(
        "composer",
        &[("composer.json", files[0]), ("composer.lock", files[1])],
    );
    let json = dir.join("composer.json");
    let _ = ComposerJson::read_in_detect(&json);
    let asked = [
        ComposerJson::read(&json).ok().flatten().and_then(|json| json.php),
        ComposerLock::read_beside(&json).ok().flatten().and_then(|lock| lock.php),
    ];
    // The constraint grammar on its own too, straight from the input's first part.
    let raw = String::from_utf8_lossy(files[0]).into_owned();
    for text in asked.into_iter().flatten().chain(std::iter::once(raw)) {
        if let Ok(constraint) = ComposerConstraint::parse(&text) {
            let _ = constraint.to_string();
            let _ = constraint.matches(&semver::Version::new(8, 2, 36));
        }
    }
});
