//! The errors this buildpack reports at build, beyond the kit's (an unknown `BP_HTTPD_VERSION`
//! is the inventory's, named after the variable: see `version.rs`) and the ones it shares with
//! nginx (`stowage-web-servers`).

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn conf_invalid(file: &Path, said: &str) -> Error {
    Error::new(
        "httpd/conf-invalid",
        format!("httpd does not accept {}", file.display()),
        format!(
            "`httpd -t` checked the configuration and said:\n\n{}\n\nFix the configuration \
             (httpd reads ${{PORT}}, ${{APP_ROOT}} and ${{SERVER_ROOT}} from the environment at \
             launch), or remove it and set BP_WEB_SERVER=httpd for a generated one.",
            said.trim()
        ),
    )
    .file(file)
}

pub(crate) fn conf_not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "httpd/conf-not-written",
        format!(
            "The generated httpd configuration could not be written to {}",
            file.display()
        ),
        format!(
            "BP_WEB_SERVER=httpd writes httpd.conf into the app: {error}. Check that the app's \
             folder is writable."
        ),
    )
    .file(file)
}

pub(crate) fn conf_not_checked(error: &std::io::Error) -> Error {
    Error::new(
        "httpd/conf-not-checked",
        "httpd could not be run to check the configuration",
        format!("{error}. The configuration is checked again when the server starts."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let rendered = [
            conf_invalid(
                Path::new("httpd.conf"),
                "AH00526: Syntax error on line 3 of /workspace/httpd.conf:\n\
                 Invalid command 'Lisen', perhaps misspelled or defined by a module not included \
                 in the server configuration\n",
            )
            .render(),
            conf_not_written(
                Path::new("/workspace/httpd.conf"),
                &std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem),
            )
            .render(),
            conf_not_checked(&std::io::Error::from(std::io::ErrorKind::NotFound)).render_warning(),
        ];
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
