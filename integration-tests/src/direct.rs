//! Runs one packaged buildpack the way the lifecycle does (Buildpack API 0.10): `bin/detect
//! <platform> <plan>` and `bin/build <layers>/<id> <platform> <plan>`, with the app dir as cwd,
//! the `CNB_*` variables set, and only the lifecycle's base environment passed on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use stowage_dev::package::Packager;

/// Target data the lifecycle derives for this machine's Debian 12 build image.
pub const TARGET: [(&str, &str); 4] = [
    ("CNB_TARGET_OS", "linux"),
    ("CNB_TARGET_ARCH", "amd64"),
    ("CNB_TARGET_DISTRO_NAME", "debian"),
    ("CNB_TARGET_DISTRO_VERSION", "12"),
];

/// The calling test crate's buildpack packaged in a [`Workspace`]: `workspace!("procfile")`
/// names the crate's binary; a second argument replaces inventories as in [`Workspace::new`].
#[macro_export]
macro_rules! workspace {
    ($binary:literal) => {
        $crate::workspace!($binary, ::std::collections::BTreeMap::new())
    };
    ($binary:literal, $inventories:expr) => {
        $crate::direct::Workspace::new(
            ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
            ::std::path::Path::new(env!(concat!("CARGO_BIN_EXE_", $binary))),
            $inventories,
        )
    };
}

/// A buildpack packaged for a test, with its platform, app and layers dirs.
pub struct Workspace {
    pub root: tempfile::TempDir,
    pub buildpack_dir: PathBuf,
    pub buildpack_id: String,
    pub app_dir: PathBuf,
    pub platform_dir: PathBuf,
    pub layers_dir: PathBuf,
    /// Folders put before the base `PATH`, as earlier buildpacks' `bin` layers would be.
    path_prefix: std::cell::RefCell<Vec<PathBuf>>,
    /// Variables earlier buildpacks' build layers would set, see [`Workspace::build_env`].
    build_env: std::cell::RefCell<Vec<(String, String)>>,
}

/// What a phase printed and how it ended.
#[derive(Debug)]
pub struct PhaseOutput {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl PhaseOutput {
    #[must_use]
    pub fn log(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// The printed error without its `Detail:`: a tool's output, whose lines (stdout and
    /// stderr read apart) may come in any order and name process ids.
    #[must_use]
    pub fn error_head(&self) -> String {
        let head = self.stderr.split("!   Detail:").next();
        head.unwrap_or_default().to_string()
    }

    /// The `Detail:` of the printed error, if any.
    #[must_use]
    pub fn error_detail(&self) -> String {
        let detail = self.stderr.split_once("!   Detail:");
        detail
            .map(|(_, detail)| detail.to_string())
            .unwrap_or_default()
    }
}

impl Workspace {
    /// Packages the buildpack crate at `crate_dir` using the binaries next to `binary`
    /// (`env!("CARGO_BIN_EXE_<name>")`), with the given replacement inventories.
    #[must_use]
    pub fn new(
        crate_dir: &Path,
        binary: &Path,
        inventories: BTreeMap<String, toml::Table>,
    ) -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        let packager = Packager {
            metadata_dir: crate::lifecycle::repo_root().join("dependency-metadata"),
            binaries_dir: binary.parent().expect("binary dir").to_path_buf(),
            inventory_overrides: inventories,
        };
        let buildpack_dir = packager
            .package(crate_dir, &root.path().join("buildpacks"))
            .expect("package buildpack");
        let descriptor: toml::Table = fs_err::read_to_string(buildpack_dir.join("buildpack.toml"))
            .expect("read buildpack.toml")
            .parse()
            .expect("parse buildpack.toml");
        let buildpack_id = descriptor["buildpack"]["id"]
            .as_str()
            .expect("id")
            .to_string();
        let workspace = Self {
            app_dir: root.path().join("app"),
            platform_dir: root.path().join("platform"),
            layers_dir: root.path().join("layers"),
            path_prefix: std::cell::RefCell::default(),
            build_env: std::cell::RefCell::default(),
            buildpack_dir,
            buildpack_id,
            root,
        };
        for dir in [
            &workspace.app_dir,
            &workspace.platform_dir.join("env"),
            &workspace.layers_dir,
        ] {
            fs_err::create_dir_all(dir).expect("mkdir");
        }
        workspace
    }

    /// Writes a file into the app.
    pub fn app_file(&self, name: &str, content: &str) {
        let path = self.app_dir.join(name);
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, content).expect("write app file");
    }

    /// Sets a user variable as a platform would: `<platform>/env/<NAME>`.
    pub fn platform_env(&self, name: &str, value: &str) {
        fs_err::write(self.platform_dir.join("env").join(name), value).expect("write env");
    }

    /// Removes a user variable.
    pub fn clear_platform_env(&self, name: &str) {
        let _ = fs_err::remove_file(self.platform_dir.join("env").join(name));
    }

    /// Adds a service binding as a platform would: `<platform>/bindings/<name>/{type,<key>...}`.
    pub fn binding(&self, name: &str, kind: &str, entries: &[(&str, &str)]) {
        let dir = self.platform_dir.join("bindings").join(name);
        fs_err::create_dir_all(&dir).expect("mkdir binding");
        fs_err::write(dir.join("type"), kind).expect("write binding type");
        for (key, value) in entries {
            fs_err::write(dir.join(key), value).expect("write binding entry");
        }
    }

    /// Puts `dir` first on the phases' `PATH`, as the lifecycle does with an earlier
    /// buildpack's build layer `bin` (e.g. node from node-engine).
    pub fn prepend_path(&self, dir: &Path) {
        self.path_prefix.borrow_mut().insert(0, dir.to_path_buf());
    }

    /// Sets a variable in the phases' environment, as the lifecycle does with an earlier
    /// buildpack's build layer `env` (e.g. `NODE_OPTIONS` from node-engine).
    pub fn build_env(&self, name: &str, value: &str) {
        let mut env = self.build_env.borrow_mut();
        env.retain(|(existing, _)| existing != name);
        env.push((name.to_string(), value.to_string()));
    }

    /// This buildpack's own layers dir, `<layers>/<id with / as _>`.
    #[must_use]
    pub fn buildpack_layers(&self) -> PathBuf {
        self.layers_dir.join(self.buildpack_id.replace('/', "_"))
    }

    /// (type, command, default) of each process of the `launch.toml` the build wrote.
    #[must_use]
    pub fn processes(&self) -> Vec<(String, Vec<String>, bool)> {
        let text = fs_err::read_to_string(self.buildpack_layers().join("launch.toml"))
            .expect("launch.toml");
        let launch: toml::Table = text.parse().expect("launch.toml is TOML");
        launch["processes"]
            .as_array()
            .expect("processes")
            .iter()
            .map(|process| {
                let command = process["command"].as_array().expect("command");
                (
                    process["type"].as_str().expect("type").to_string(),
                    command
                        .iter()
                        .map(|part| part.as_str().expect("string").to_string())
                        .collect(),
                    process
                        .get("default")
                        .and_then(toml::Value::as_bool)
                        .unwrap_or(false),
                )
            })
            .collect()
    }

    /// The command of the one process the build wrote, which must be the default `web`.
    #[must_use]
    pub fn default_web_command(&self) -> String {
        let processes = self.processes();
        assert_eq!(processes.len(), 1, "{processes:?}");
        assert_eq!((processes[0].0.as_str(), processes[0].2), ("web", true));
        processes[0].1.join(" ")
    }

    /// The names the detect plan requires, in order.
    #[must_use]
    pub fn required(plan: &toml::Table) -> Vec<String> {
        plan.get("requires")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|require| require.get("name").and_then(toml::Value::as_str))
            .map(String::from)
            .collect()
    }

    /// Runs `bin/detect`; returns the output and the build plan it wrote.
    #[must_use]
    pub fn detect(&self) -> (PhaseOutput, toml::Table) {
        let plan = self.root.path().join("detect-plan.toml");
        fs_err::write(&plan, "").expect("create plan");
        let output = self.run(
            "detect",
            &[self.platform_dir.as_path(), plan.as_path()],
            &[("CNB_BUILD_PLAN_PATH", plan.as_path())],
        );
        let written = fs_err::read_to_string(&plan).expect("read plan");
        (output, written.parse().expect("plan is TOML"))
    }

    /// Runs `bin/build` and asserts that it passed.
    #[allow(clippy::must_use_candidate)] // a test may only want the assertion
    pub fn build_ok(&self, buildpack_plan: &str) -> PhaseOutput {
        let output = self.build(buildpack_plan);
        assert_eq!(output.code, Some(0), "{}", output.log());
        output
    }

    /// Runs `bin/build` with the given buildpack plan (`[[entries]]`).
    #[must_use]
    pub fn build(&self, buildpack_plan: &str) -> PhaseOutput {
        let plan = self.root.path().join("buildpack-plan.toml");
        fs_err::write(&plan, buildpack_plan).expect("write plan");
        let layers = self.buildpack_layers();
        fs_err::create_dir_all(&layers).expect("mkdir layers");
        self.run(
            "build",
            &[
                layers.as_path(),
                self.platform_dir.as_path(),
                plan.as_path(),
            ],
            &[
                ("CNB_BP_PLAN_PATH", plan.as_path()),
                ("CNB_LAYERS_DIR", layers.as_path()),
            ],
        )
    }

    fn path(&self) -> String {
        let prefix = self.path_prefix.borrow();
        let dirs = prefix.iter().map(|dir| dir.display().to_string());
        dirs.chain(["/usr/local/bin:/usr/bin:/bin".to_string()])
            .collect::<Vec<_>>()
            .join(":")
    }

    fn run(&self, phase: &str, args: &[&Path], extra: &[(&str, &Path)]) -> PhaseOutput {
        let mut command = Command::new(self.buildpack_dir.join("bin").join(phase));
        command
            .args(args)
            .current_dir(&self.app_dir)
            .env_clear()
            .env("PATH", self.path())
            .envs(self.build_env.borrow().iter().cloned())
            .env("HOME", self.root.path())
            .env("CNB_BUILDPACK_DIR", &self.buildpack_dir)
            .env("CNB_PLATFORM_DIR", &self.platform_dir)
            .envs(TARGET);
        for (name, value) in extra {
            command.env(name, value);
        }
        let output = output_retrying_busy_text(&mut command);
        PhaseOutput {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `command`, retrying while its binary is busy: a binary the packager has just
/// written can be held open for a moment by a child forked in another test thread (ETXTBSY).
fn output_retrying_busy_text(command: &mut Command) -> std::process::Output {
    const ETXTBSY: i32 = 26;
    for _ in 0..50 {
        match command.output() {
            Err(error) if error.raw_os_error() == Some(ETXTBSY) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result.expect("run buildpack phase"),
        }
    }
    command.output().expect("run buildpack phase")
}
