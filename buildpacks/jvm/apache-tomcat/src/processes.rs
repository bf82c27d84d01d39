//! The launch processes: `tomcat`, `task` and `web` (the default) run `catalina.sh run` in the
//! foreground, as Paketo's do.

use libcnb::data::launch::Launch;
use libcnb::data::process_type;
use std::path::Path;
use stowage_jvm::launch_processes;

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
    launch_processes::launch(process_type!("tomcat"), command)
}
