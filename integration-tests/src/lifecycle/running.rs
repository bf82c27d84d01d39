//! A process of a built image, started in the sandbox with `PORT` set, reachable over HTTP on
//! 127.0.0.1, stopped when dropped.

use super::image::Image;
use super::tools::tools;
use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Running {
    child: Child,
    pub port: u16,
    log: std::path::PathBuf,
}

/// A free port on 127.0.0.1 (released just before the app binds it).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("find a free port")
        .port()
}

fn sandbox(image: &Image, vars: &[String], command: &[&str]) -> Command {
    let mut sandbox = Command::new("bash");
    sandbox
        .arg("-c")
        .arg(r#"source "$0" && stowage_run_image "$@""#)
        .arg(&tools().shell_library)
        .arg(image.bundle())
        .args(vars);
    if !command.is_empty() {
        sandbox.arg("--").args(command);
    }
    sandbox
}

impl Image {
    /// Starts the default process with `PORT` (and `env`) and waits until it answers HTTP.
    #[must_use]
    pub fn start(&self, env: &[(&str, &str)]) -> Running {
        self.start_in(None, env)
    }

    /// [`Image::start`] in a container memory limit (`512M`, `1G`), which the app reads from
    /// its cgroup as it would under Docker or Kubernetes.
    #[must_use]
    pub fn start_with_memory(&self, limit: &str, env: &[(&str, &str)]) -> Running {
        self.start_in(Some(limit), env)
    }

    fn start_in(&self, memory_limit: Option<&str>, env: &[(&str, &str)]) -> Running {
        let _ = self.rootfs();
        let port = free_port();
        let mut vars = vec![format!("PORT={port}")];
        vars.extend(env.iter().map(|(key, value)| format!("{key}={value}")));
        let log = self.bundle().with_extension(format!("{port}.log"));
        let log_file = std::fs::File::create(&log).expect("create run log");
        let mut command = sandbox(self, &vars, &[]);
        if let Some(limit) = memory_limit {
            command.env("STOWAGE_MEMORY_LIMIT", limit);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone log"))
            .stderr(log_file)
            .spawn()
            .expect("start the image");
        let mut running = Running { child, port, log };
        running.wait_until_answering();
        running
    }

    /// Runs the default process to its end (a task, not a server), with `PORT` unset, and
    /// returns its exit code and combined output.
    #[must_use]
    pub fn run_default(&self) -> (Option<i32>, String) {
        let _ = self.rootfs();
        let output = sandbox(self, &[], &[])
            .stdin(Stdio::null())
            .output()
            .expect("run the default process");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.code(), text)
    }

    /// Runs a command in the image through the launcher (so the buildpacks' env applies)
    /// and returns its exit code and combined output.
    #[must_use]
    pub fn exec(&self, command: &[&str]) -> (Option<i32>, String) {
        let _ = self.rootfs();
        let mut launched = vec!["/cnb/lifecycle/launcher", "--"];
        launched.extend_from_slice(command);
        let output = sandbox(self, &[], &launched)
            .stdin(Stdio::null())
            .output()
            .expect("run a command in the image");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.code(), text)
    }
}

impl Running {
    fn wait_until_answering(&mut self) {
        let deadline = Instant::now() + Duration::from_mins(1);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the app exited with {status} before answering:\n{}",
                    self.log()
                );
            }
            if self.try_get("/").is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "the app did not answer on port {} within 60s:\n{}",
            self.port,
            self.log()
        );
    }

    fn try_get(&self, path: &str) -> Result<(u16, String), ureq::Error> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .get(format!("http://127.0.0.1:{}{path}", self.port))
            .call()?;
        let status = response.status().as_u16();
        let mut body = String::new();
        response.body_mut().as_reader().read_to_string(&mut body)?;
        Ok((status, body))
    }

    /// `GET http://127.0.0.1:<port><path>`: status and body.
    #[must_use]
    pub fn get(&self, path: &str) -> (u16, String) {
        self.try_get(path)
            .unwrap_or_else(|error| panic!("GET {path} failed: {error}\n{}", self.log()))
    }

    /// What the app printed so far.
    #[must_use]
    pub fn log(&self) -> String {
        fs_err::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // The sandbox script stops the app cleanly on SIGTERM.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}
