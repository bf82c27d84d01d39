//! The `web` process: `httpd -f <conf> -k start -DFOREGROUND`, as Paketo's. Before the
//! configuration, `-d` makes the layer the default `ServerRoot` (Debian's is /etc/apache2) and
//! `-C` gives a pid file and runtime folder the app's user may write (Debian's are in /run);
//! the configuration's own settings win.

use std::path::Path;

/// The arguments after `httpd`, shared by the process and the build's check.
pub(crate) fn arguments(home: &Path, conf: &Path) -> Vec<String> {
    vec![
        "-d".to_string(),
        home.to_string_lossy().into_owned(),
        "-f".to_string(),
        conf.to_string_lossy().into_owned(),
        "-C".to_string(),
        "PidFile /tmp/httpd.pid".to_string(),
        "-C".to_string(),
        "DefaultRuntimeDir /tmp".to_string(),
    ]
}

pub(crate) fn command(home: &Path, conf: &Path) -> Vec<String> {
    let mut command = vec!["httpd".to_string()];
    command.extend(arguments(home, conf));
    command.extend(["-k", "start", "-DFOREGROUND"].map(String::from));
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_web_servers::process::shown;

    #[test]
    fn the_foreground_server_with_writable_defaults() {
        let command = command(
            Path::new("/layers/stowage_httpd/httpd"),
            Path::new("/workspace/httpd.conf"),
        );
        assert_eq!(
            shown(&command),
            "httpd -d /layers/stowage_httpd/httpd -f /workspace/httpd.conf \
             -C \"PidFile /tmp/httpd.pid\" -C \"DefaultRuntimeDir /tmp\" -k start -DFOREGROUND"
        );
    }
}
