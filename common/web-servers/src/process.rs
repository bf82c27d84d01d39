//! The `web` process both servers set: their command, run directly, the default process.

use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder};
use libcnb::data::process_type;

/// The command as the log shows it, with arguments holding spaces (directives) quoted.
#[must_use]
pub fn shown(command: &[String]) -> String {
    command
        .iter()
        .map(|part| {
            if part.contains(' ') {
                format!("\"{part}\"")
            } else {
                part.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `web`, the default process, running `command`.
#[must_use]
pub fn launch(command: Vec<String>) -> Launch {
    LaunchBuilder::new()
        .process(
            ProcessBuilder::new(process_type!("web"), command)
                .default(true)
                .build(),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_quoted_and_web_is_the_default() {
        let command = ["nginx", "-g", "daemon off;"].map(String::from).to_vec();
        assert_eq!(shown(&command), "nginx -g \"daemon off;\"");
        let launch = launch(command.clone());
        assert_eq!(launch.processes.len(), 1);
        assert_eq!(launch.processes[0].r#type, process_type!("web"));
        assert!(launch.processes[0].default);
        assert_eq!(launch.processes[0].command, command);
    }
}
