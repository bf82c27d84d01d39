//! The launch processes a JVM app's buildpack declares, as Paketo's do: its own type
//! (`executable-jar`, `tomcat`, `dist-zip`), `task` and `web` (the default), all running the
//! same command.

use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder, ProcessType};
use libcnb::data::process_type;

/// `own`, `task` and `web` (the default), each running `command`.
#[must_use]
pub fn launch(own: ProcessType, command: &[String]) -> Launch {
    let processes = [
        (own, false),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_type_task_and_web_by_default_run_the_command() {
        let launch = launch(
            process_type!("tomcat"),
            &["sh".to_string(), "run".to_string()],
        );
        let shown: Vec<(String, bool, Vec<String>)> = launch
            .processes
            .iter()
            .map(|process| {
                (
                    process.r#type.to_string(),
                    process.default,
                    process.command.clone(),
                )
            })
            .collect();
        let command = vec!["sh".to_string(), "run".to_string()];
        assert_eq!(
            shown,
            [
                ("tomcat".to_string(), false, command.clone()),
                ("task".to_string(), false, command.clone()),
                ("web".to_string(), true, command),
            ]
        );
    }
}
