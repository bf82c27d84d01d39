//! The errors and warnings this buildpack reports at build, beyond the ones the kit makes
//! (the template mistakes, also reported at launch, are in `template.rs`; the ones it shares
//! with httpd, about the root folder and the htpasswd binding, in `stowage-web-servers`).

use crate::settings::{INCLUDE_FILE, VERSION};
use std::path::Path;
use stowage_kit::Error;

pub(crate) fn include_file_missing(path: &str) -> Error {
    Error::new(
        "nginx/include-file-missing",
        format!("{INCLUDE_FILE} names {path}, which the app does not have"),
        format!(
            "The file is included into the nginx configuration. Add {path} to the app (the path \
             is relative to the app's root), or unset {INCLUDE_FILE}."
        ),
    )
    .variable(INCLUDE_FILE)
    .file(path)
}

pub(crate) fn unreadable_conf(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "nginx/unreadable-conf",
        format!("{} could not be read", file.display()),
        format!(
            "nginx's configuration (and the files it includes) are read at build to check them: \
             {error}. Make the file readable, or remove the include that names it."
        ),
    )
    .file(file)
}

pub(crate) fn conf_not_written(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "nginx/conf-not-written",
        format!(
            "The generated nginx configuration could not be written to {}",
            file.display()
        ),
        format!(
            "BP_WEB_SERVER=nginx writes nginx.conf into the app: {error}. Check that the folder \
             exists and is writable, or set BP_NGINX_CONF_LOCATION to another place."
        ),
    )
    .file(file)
}

pub(crate) fn unknown_version_line(line: &str) -> Error {
    Error::new(
        "nginx/unknown-version-line",
        format!("{VERSION}={line}: this buildpack's metadata has no `{line}` version line"),
        format!(
            "Set {VERSION} to a version constraint such as `1.30.*`, or leave it unset for the \
             default."
        ),
    )
    .variable(VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let errors = [
            include_file_missing("nginx/extra.conf"),
            unreadable_conf(
                Path::new("conf.d/site.conf"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            ),
            conf_not_written(
                Path::new("/workspace/nginx.conf"),
                &std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem),
            ),
            unknown_version_line("mainline"),
        ];
        let rendered: Vec<String> = errors.iter().map(Error::render).collect();
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
