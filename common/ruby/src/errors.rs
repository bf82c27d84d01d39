//! The errors about the app's Ruby files and versions, shared by the Ruby buildpacks.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn lock_malformed(line_number: usize, line: &str, why: &str) -> Error {
    Error::new(
        "ruby/gemfile-lock-malformed",
        format!("Gemfile.lock cannot be read: line {line_number} is not what Bundler writes"),
        format!(
            "Line {line_number}: `{}` ({why}).\n\nA merge conflict or a hand edit? Run \
             `bundle lock` (or `bundle install`) on your machine and commit the Gemfile.lock \
             it writes.",
            line.trim()
        ),
    )
}

pub(crate) fn bundled_with_invalid(value: &str) -> Error {
    Error::new(
        "ruby/bundled-with-invalid",
        format!("Gemfile.lock's BUNDLED WITH `{value}` is not a Bundler version"),
        "BUNDLED WITH names the Bundler version that wrote the lock, e.g. `2.3.15`. Run \
         `bundle update --bundler` on your machine to write it again, or set \
         BP_BUNDLER_VERSION.",
    )
}

pub(crate) fn unreadable(path: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "ruby/file-unreadable",
        format!("{} could not be read", path.display()),
        "Check that the file is readable and is text (UTF-8).",
    )
    .file(path)
    .debug(error)
}

pub(crate) fn requirement_invalid(input: &str) -> Error {
    Error::new(
        "ruby/requirement-invalid",
        format!("`{}` is not a Ruby version requirement", input.trim()),
        "Use a version or a RubyGems requirement, for example `3.1.2`, `~> 3.1` or \
         `>= 3.0, < 3.3`.",
    )
}

/// Said by the last Ruby group's detect (rake's) when the app has a Gemfile and nothing in
/// the Ruby groups can start it: printed by the lifecycle when no group passes.
#[must_use]
pub fn no_server() -> Error {
    Error::new(
        "ruby/no-server",
        "This Ruby app has a Gemfile but nothing to start: no web server, no config.ru, no Rakefile",
        "The Ruby groups start an app with a web server or run a rake task. Do one of:\n\
         - name a server in the Gemfile: `gem \"puma\"`, `gem \"thin\"`, `gem \"passenger\"`, \
         or `gem \"unicorn\"` with a config.ru beside it;\n\
         - add a config.ru: it runs with `bundle exec rackup`;\n\
         - add a Rakefile: its default task runs, or the task BP_RAKE_TASK names.",
    )
    .file(crate::gemfile::GEMFILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_errors_read_well() {
        let rendered = [
            unreadable(
                Path::new("/workspace/Gemfile"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            )
            .render(),
            requirement_invalid("3.x").render(),
            no_server().render(),
        ];
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
