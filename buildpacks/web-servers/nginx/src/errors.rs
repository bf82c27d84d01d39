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

pub(crate) fn conf_invalid(file: &Path, said: &str) -> Error {
    Error::new(
        "nginx/conf-invalid",
        format!("nginx does not accept {}", file.display()),
        format!(
            "`nginx -t` checked the configuration, its templates rendered with the values known \
             at build (PORT 8080, APP_ROOT the app), and said:\n\n{}\n\nFix the line it names, \
             or remove the file and set BP_WEB_SERVER=nginx for a generated configuration.",
            said.trim()
        ),
    )
    .file(file)
}

pub(crate) fn conf_unchecked_values(file: &Path, said: &str, unset: &[String]) -> Error {
    Error::new(
        "nginx/conf-checked-without-values",
        format!(
            "nginx does not accept {} with {} empty",
            file.display(),
            unset.join(", ")
        ),
        format!(
            "`nginx -t` said:\n\n{}\n\nThe templates read {} with {{{{env}}}}, unset at build, so \
             the build goes on; nginx checks again when it starts, with the launch values. Set them \
             at build too (--env, or a BPE_* variable) to have the build check them.",
            said.trim(),
            unset.join(", ")
        ),
    )
    .file(file)
}

pub(crate) fn conf_not_checked(error: &std::io::Error) -> Error {
    Error::new(
        "nginx/conf-not-checked",
        "nginx could not be run to check the configuration",
        format!("{error}. The configuration is checked again when nginx starts."),
    )
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
            conf_invalid(
                Path::new("nginx.conf"),
                "nginx: [emerg] unknown directive \"lisen\" in /workspace/nginx.conf:12\n\
                 nginx: configuration file /workspace/nginx.conf test failed\n",
            ),
            conf_unchecked_values(
                Path::new("nginx.conf"),
                "nginx: [emerg] invalid port in \"\" of the \"listen\" directive in \
                 /workspace/nginx.conf:9\n",
                &["LISTEN_PORT".to_string()],
            ),
            conf_not_checked(&std::io::Error::from(std::io::ErrorKind::NotFound)),
        ];
        let rendered: Vec<String> = errors.iter().map(Error::render).collect();
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
