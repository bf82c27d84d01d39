//! The launch processes: `executable-jar`, `task` and `web` (the default) run the same
//! command, as Paketo's do: `java -jar <jar>`, or `java <Main-Class>` for an exploded jar
//! (whose class path the `classpath` layer sets).

use crate::jar::Executable;
use libcnb::data::launch::Launch;
use libcnb::data::process_type;
use std::path::Path;
use stowage_jvm::launch_processes;

/// The command, with the jar as an absolute path: `/workspace` is the app at build and launch.
/// Nothing goes in `args`, so a user's arguments reach the app's `main` instead of replacing
/// `-jar <jar>`.
pub(crate) fn command(executable: &Executable, app: &Path) -> Vec<String> {
    match executable {
        Executable::Exploded { .. } => {
            vec!["java".to_string(), executable.main_class().to_string()]
        }
        Executable::Jar { path, .. } => vec![
            "java".to_string(),
            "-jar".to_string(),
            app.join(path).to_string_lossy().into_owned(),
        ],
    }
}

/// The command as the log shows it: paths relative to the app.
pub(crate) fn shown(executable: &Executable) -> String {
    match executable {
        Executable::Exploded { .. } => format!("java {}", executable.main_class()),
        Executable::Jar { path, .. } => format!("java -jar {}", path.display()),
    }
}

pub(crate) fn launch(command: &[String]) -> Launch {
    launch_processes::launch(process_type!("executable-jar"), command)
}
