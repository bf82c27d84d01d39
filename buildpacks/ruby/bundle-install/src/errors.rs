//! What stowage/bundle-install tells a user when the gems cannot be installed.

use std::path::Path;
use stowage_kit::Error;

/// `bundle install` or `bundle config` failed; Bundler's last lines follow the advice.
pub(crate) const BUNDLE_FAILED: &str = "bundle-install/bundle-failed";

pub(crate) const INSTALL_ADVICE: &str = "Bundler's last lines are repeated below. \
    Check that Gemfile.lock matches the Gemfile (run `bundle install` on your machine and \
    commit Gemfile.lock), that every gem is on the gem server (set BUNDLE_MIRROR__ALL to \
    reach a mirror) or in vendor/cache, and that gems with native extensions find their \
    libraries.";

pub(crate) const CONFIG_ADVICE: &str = "A setting in the app's .bundle/config may be one \
    Bundler rejects; check it, or remove the file.";

pub(crate) fn ruby_not_found(detail: &str) -> Error {
    Error::new(
        "bundle-install/ruby-not-found",
        "Ruby's version could not be read (`ruby -e 'print RUBY_VERSION'`)",
        "bundle-install needs Ruby from stowage/mri earlier in the group. Build with the \
         stowage/ruby meta-buildpack, or put stowage/mri and stowage/bundler before \
         stowage/bundle-install.",
    )
    .debug(detail)
}

pub(crate) fn app_config(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "bundle-install/app-config",
        "The app's Bundler config could not be copied into the gems layer",
        "Check that .bundle/config is a readable file, or remove it from the app.",
    )
    .file(path)
    .debug(error)
}

pub(crate) fn build_files(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "bundle-install/build-files",
        "The native extensions' build files could not be removed from the gems layer",
        "Set BP_KEEP_GEM_EXTENSION_BUILD_FILES=true to keep them, or check that the layer is \
         writable by the build user.",
    )
    .file(path)
    .debug(error)
}

pub(crate) fn seed(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "bundle-install/seed",
        "The gems installed for the build could not be copied for launch",
        "Run the build again with BP_LOG_LEVEL=DEBUG; if it fails the same way, the build \
         cache may be damaged: build once with the cache cleared (`pack build --clear-cache`).",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use stowage_kit::command::run_streamed;
    use stowage_kit::output::captured;

    #[test]
    fn a_failed_install_shows_bundlers_own_words() {
        let (mut output, _) = captured::plain();
        let error = run_streamed(
            Command::new("sh").args([
                "-c",
                // One stream: stdout and stderr are read side by side, so their
                // interleaving is not fixed.
                "echo 'Fetching gem metadata from https://rubygems.org/' >&2; \
                 echo 'Could not find gem rack (= 9.9.9) in locally installed gems.' >&2; exit 7",
            ]),
            &mut output,
            BUNDLE_FAILED,
            INSTALL_ADVICE,
        )
        .expect_err("fails");
        insta::assert_snapshot!(error.render());
    }

    #[test]
    fn the_other_errors_read_well() {
        let rendered = [
            ruby_not_found("No such file or directory (os error 2)").render(),
            app_config(
                Path::new("/workspace/.bundle/config"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            )
            .render(),
            build_files(
                Path::new("/layers/stowage_bundle-install/launch-gems/ruby/3.1.0/gems"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            )
            .render(),
            seed(
                Path::new("/layers/stowage_bundle-install/build-gems"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            )
            .render(),
        ];
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
