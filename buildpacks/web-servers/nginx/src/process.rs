//! The `web` process: nginx in the foreground with the app as its prefix, logging to stderr
//! from the start. The configuration's own `daemon` and `pid` win; without them the command
//! adds `daemon off;` (else nginx would leave the foreground) and a pid file in `/tmp` (the
//! compiled-in one is not writable by the app's user).

use crate::conf_files::MainDirectives;
use std::path::Path;

pub(crate) fn command(app: &Path, conf: &Path, set: &MainDirectives) -> Vec<String> {
    let mut command: Vec<String> = ["nginx", "-p"].into_iter().map(String::from).collect();
    command.push(app.to_string_lossy().into_owned());
    command.push("-c".to_string());
    command.push(conf.to_string_lossy().into_owned());
    command.push("-e".to_string());
    command.push("stderr".to_string());
    let mut globals = Vec::new();
    if !set.daemon {
        globals.push("daemon off;");
    }
    if !set.pid {
        globals.push("pid /tmp/nginx.pid;");
    }
    if !globals.is_empty() {
        command.push("-g".to_string());
        command.push(globals.join(" "));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_web_servers::process::shown;

    #[test]
    fn adds_only_what_the_configuration_does_not_set() {
        let app = Path::new("/workspace");
        let conf = app.join("nginx.conf");
        assert_eq!(
            shown(&command(app, &conf, &MainDirectives::default())),
            "nginx -p /workspace -c /workspace/nginx.conf -e stderr -g \"daemon off; pid /tmp/nginx.pid;\""
        );
        let both = MainDirectives {
            daemon: true,
            pid: true,
        };
        assert_eq!(
            shown(&command(app, &conf, &both)),
            "nginx -p /workspace -c /workspace/nginx.conf -e stderr"
        );
        let daemon = MainDirectives {
            daemon: true,
            pid: false,
        };
        assert!(command(app, &conf, &daemon).contains(&"pid /tmp/nginx.pid;".to_string()));
    }
}
