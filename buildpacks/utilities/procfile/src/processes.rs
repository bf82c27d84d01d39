//! The launch processes: each runs its command through bash, as Procfile commands expect a
//! shell (variables, `&&`, redirects), and one of them may be the image's default.

use crate::errors;
use crate::sources::ProcfileProcess;
use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder};
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const DEFAULT_PROCESS: &str = "BP_PROCFILE_DEFAULT_PROCESS";
const WEB: &str = "web";

/// `BP_PROCFILE_DEFAULT_PROCESS` (which must exist), else `web` when there is one, else the
/// only process (as at Paketo), else none.
pub(crate) fn default_type(
    processes: &[ProcfileProcess],
    config: &Config,
) -> Result<Option<String>, Error> {
    let has = |wanted: &str| processes.iter().any(|p| p.process_type.as_str() == wanted);
    if let Some(chosen) = config.string(DEFAULT_PROCESS) {
        if has(&chosen) {
            return Ok(Some(chosen));
        }
        let types: Vec<&str> = processes.iter().map(|p| p.process_type.as_str()).collect();
        return Err(errors::unknown_default_process(&chosen, &types));
    }
    if has(WEB) {
        return Ok(Some(WEB.to_string()));
    }
    Ok(match processes {
        [only] => Some(only.process_type.to_string()),
        _ => None,
    })
}

/// `launch.toml` processes: `bash -c <command>`, working in the app dir.
#[must_use]
pub(crate) fn launch(processes: &[ProcfileProcess], default: Option<&str>) -> Launch {
    let mut launch = LaunchBuilder::new();
    for process in processes {
        launch.process(
            ProcessBuilder::new(
                process.process_type.clone(),
                ["bash", "-c", process.command.as_str()],
            )
            .default(default == Some(process.process_type.as_str()))
            .build(),
        );
    }
    launch.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Source;
    use libcnb::Env;

    fn process(process_type: &str) -> ProcfileProcess {
        ProcfileProcess {
            process_type: process_type.parse().expect("valid type"),
            command: format!("run {process_type}"),
            source: Source::File,
        }
    }

    #[test]
    fn web_is_the_default_unless_another_is_chosen() {
        let processes = [process("worker"), process("web")];
        let none = Env::new();
        assert_eq!(
            default_type(&processes, &Config::new(&none)),
            Ok(Some("web".to_string()))
        );
        let mut env = Env::new();
        env.insert(DEFAULT_PROCESS, "worker");
        assert_eq!(
            default_type(&processes, &Config::new(&env)),
            Ok(Some("worker".to_string()))
        );
        assert_eq!(
            default_type(&[process("worker"), process("clock")], &Config::new(&none)),
            Ok(None)
        );
    }

    #[test]
    fn a_lone_process_is_the_default_whatever_its_type() {
        let none = Env::new();
        assert_eq!(
            default_type(&[process("worker")], &Config::new(&none)),
            Ok(Some("worker".to_string()))
        );
    }

    #[test]
    fn choosing_a_missing_process_is_an_error() {
        let mut env = Env::new();
        env.insert(DEFAULT_PROCESS, "api");
        let error = default_type(&[process("web"), process("worker")], &Config::new(&env))
            .expect_err("api is missing");
        assert_eq!(
            error,
            errors::unknown_default_process("api", &["web", "worker"])
        );
    }

    #[test]
    fn processes_run_through_bash_and_one_is_default() {
        let launch = launch(&[process("web"), process("worker")], Some("web"));
        let web = &launch.processes[0];
        assert_eq!(web.command, ["bash", "-c", "run web"]);
        assert!(web.default);
        assert!(!launch.processes[1].default);
    }
}
