//! Paketo's Gradle bindings: type `gradle` puts its `gradle.properties` into Gradle's user
//! home (credentials, proxies, repository URLs), and type `gradle-wrapper` puts its
//! `gradle-wrapper.properties` into the app's `gradle/wrapper/` (a mirror for the wrapper's
//! distribution). Both are copied, so the file the build reads is the binding's.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::output::Output;

const GRADLE: (&str, &str) = ("gradle", "gradle.properties");
const WRAPPER: (&str, &str) = ("gradle-wrapper", "gradle-wrapper.properties");

pub(crate) fn apply(
    bindings: &Bindings,
    app: &Path,
    user_home: &Path,
    output: &mut Output,
) -> Result<(), Error> {
    for ((kind, key), target) in [
        (GRADLE, user_home.join(GRADLE.1)),
        (WRAPPER, app.join("gradle/wrapper").join(WRAPPER.1)),
    ] {
        for binding in bindings.of_type(kind) {
            let source = binding
                .path_of(key)
                .ok_or_else(|| errors::binding_without_file(&binding.name, kind, key))?;
            if let Some(parent) = target.parent() {
                fs_err::create_dir_all(parent)
                    .map_err(|error| errors::unwritable(parent, &error))?;
            }
            if fs_err::symlink_metadata(&target).is_ok() {
                fs_err::remove_file(&target)
                    .map_err(|error| errors::unwritable(&target, &error))?;
            }
            fs_err::copy(source, &target).map_err(|error| errors::unwritable(&target, &error))?;
            let shown = target.strip_prefix(app).unwrap_or(&target);
            output.step(&format!(
                "Binding {} (type {kind}): {key} → {}",
                binding.name,
                if target.starts_with(user_home) {
                    format!("~/.gradle/{key}")
                } else {
                    shown.display().to_string()
                }
            ));
        }
    }
    Ok(())
}
