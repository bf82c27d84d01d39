//! What stowage/rails-assets tells a user when the assets cannot be compiled.

use std::path::Path;
use stowage_kit::Error;

/// `rails assets:precompile` failed; its last lines follow the advice.
pub(crate) const PRECOMPILE_FAILED: &str = "rails-assets/precompile-failed";

pub(crate) const PRECOMPILE_ADVICE: &str = "`rails assets:precompile` failed; its last lines \
    are below. Run `RAILS_ENV=production bundle exec rails assets:precompile` on your machine \
    to see the same failure. The build sets RAILS_ENV=production and a placeholder \
    SECRET_KEY_BASE unless you set them; an initializer that needs a database or another \
    service while assets compile must skip that work (or set the variables it reads).";

pub(crate) fn path_invalid(variable: &str, value: &str) -> Error {
    Error::new(
        "rails-assets/path-invalid",
        format!("{variable} names `{value}`, which is not a folder inside the app"),
        "List folders relative to the app's root, separated by colons, without `..` or a \
         leading `/`, for example `app/frontend:lib/styles`.",
    )
    .variable(variable)
}

pub(crate) fn app_files(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "rails-assets/app-files",
        format!(
            "{} could not be replaced by a link into the assets layer",
            path.display()
        ),
        "The compiled assets live in a layer and the app links to it. Check that the folder \
         is writable, or remove it from the app: the build writes it.",
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
    fn the_errors_read_well() {
        let (mut output, _) = captured::plain();
        let failed = run_streamed(
            Command::new("sh").args([
                "-c",
                "echo 'rails aborted!' >&2; \
                 echo 'Sprockets::FileNotFound: couldn'\"'\"'t find file application.js' >&2; \
                 exit 1",
            ]),
            &mut output,
            PRECOMPILE_FAILED,
            PRECOMPILE_ADVICE,
        )
        .expect_err("fails");
        let rendered = [
            failed.render(),
            path_invalid("BP_RAILS_ASSETS_EXTRA_SOURCE_PATHS", "../shared").render(),
            app_files(
                Path::new("public/assets"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            )
            .render(),
        ];
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
