//! The app's start command: `<app>/App` when it is executable (a framework-dependent
//! executable or a self-contained app), else `dotnet <app>/App.dll`.

use crate::errors;
use libcnb::data::launch::{Launch, LaunchBuilder, ProcessBuilder, ProcessType};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use stowage_dotnet::RuntimeConfig;
use stowage_kit::Error;

pub(crate) struct Start {
    pub process: String,
    pub kind: &'static str,
    pub command: Vec<String>,
}

impl Start {
    pub(crate) fn of(app: &Path, config: &RuntimeConfig) -> Result<Self, Error> {
        let name = &config.app_name;
        let executable = app.join(name);
        let runs = fs_err::metadata(&executable)
            .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0);
        let (kind, command) = if runs {
            let kind = if config.framework.is_some() {
                "framework-dependent executable"
            } else {
                "self-contained"
            };
            (kind, vec![executable.display().to_string()])
        } else if app.join(format!("{name}.dll")).is_file() {
            (
                "framework-dependent",
                vec![
                    "dotnet".to_string(),
                    app.join(format!("{name}.dll")).display().to_string(),
                ],
            )
        } else {
            return Err(errors::no_entry_point(name));
        };
        Ok(Self {
            process: name.clone(),
            kind,
            command,
        })
    }

    pub(crate) fn launch(&self) -> Result<Launch, Error> {
        let process: ProcessType = self
            .process
            .parse()
            .map_err(|_| errors::bad_process_name(&self.process))?;
        Ok(LaunchBuilder::new()
            .process(
                ProcessBuilder::new(process, self.command.clone())
                    .default(true)
                    .build(),
            )
            .build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(files: &[(&str, u32)], framework: bool) -> Result<Start, Error> {
        let dir = tempfile::tempdir().expect("dir");
        for (name, mode) in files {
            let path = dir.path().join(name);
            fs_err::write(&path, "x").expect("write");
            fs_err::set_permissions(&path, std::fs::Permissions::from_mode(*mode)).expect("chmod");
        }
        let config = RuntimeConfig {
            path: dir.path().join("App.runtimeconfig.json"),
            app_name: "App".into(),
            framework: framework.then(|| stowage_dotnet::Framework {
                name: stowage_dotnet::NETCORE.into(),
                version: "3.1.0".into(),
            }),
        };
        Start::of(dir.path(), &config).map(|start| Start {
            command: start
                .command
                .iter()
                .map(|part| part.replace(&dir.path().display().to_string(), "<app>"))
                .collect(),
            ..start
        })
    }

    #[test]
    fn executable_first_then_the_dll() {
        let dll = start(&[("App.dll", 0o644), ("App", 0o644)], true).expect("dll");
        assert_eq!(dll.command, ["dotnet", "<app>/App.dll"]);
        assert_eq!(dll.kind, "framework-dependent");
        let fde = start(&[("App.dll", 0o644), ("App", 0o755)], true).expect("fde");
        assert_eq!(fde.command, ["<app>/App"]);
        assert_eq!(fde.kind, "framework-dependent executable");
        let contained = start(&[("App", 0o700)], false).expect("self-contained");
        assert_eq!(contained.kind, "self-contained");
        assert_eq!(contained.process, "App");
        assert!(contained.launch().is_ok());
        let error = start(&[], true).err().expect("nothing to start");
        assert_eq!(
            error.render().lines().next().map(str::to_string),
            errors::no_entry_point("App")
                .render()
                .lines()
                .next()
                .map(str::to_string)
        );
    }
}
