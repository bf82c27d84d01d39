//! The launch processes: `tomcat`, `task` and `web` (the default) run `catalina.sh run` in the
//! foreground, as Paketo's do.

use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder};
use libcnb::data::process_type;
use std::path::Path;

pub(crate) fn command(tomcat_home: &Path) -> Vec<String> {
    vec![
        "sh".to_string(),
        tomcat_home
            .join("bin/catalina.sh")
            .to_string_lossy()
            .into_owned(),
        "run".to_string(),
    ]
}

pub(crate) fn launch(command: &[String]) -> Launch {
    let processes = [
        (process_type!("tomcat"), false),
        (process_type!("task"), false),
        (process_type!("web"), true),
    ]
    .into_iter()
    .map(|(kind, default)| {
        ProcessBuilder::new(kind, command.iter().cloned())
            .default(default)
            .build()
    });
    LaunchBuilder::new().processes(processes).build()
}
