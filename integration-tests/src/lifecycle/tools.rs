//! What the harness needs on this machine: the lifecycle, the build user, the run image and
//! the compiled buildpacks. `scripts/test` exports the first three; when a test runs on its
//! own, `scripts/lib/test-env.sh` installs them (cached) and says where they are.

use std::collections::BTreeSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

pub struct Tools {
    pub lifecycle_dir: PathBuf,
    pub run_image_layout: PathBuf,
    pub user_id: String,
    pub group_id: String,
    /// `scripts/lib/tools.sh`, whose functions run phases and images in sandboxes.
    pub shell_library: PathBuf,
    /// The folder holding the compiled buildpack binaries.
    pub binaries_dir: PathBuf,
}

#[must_use]
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("integration-tests lives in the workspace")
        .to_path_buf()
}

/// The tools, set up once per test process.
pub fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Tools> = OnceLock::new();
    TOOLS.get_or_init(|| Tools {
        lifecycle_dir: PathBuf::from(test_env("STOWAGE_LIFECYCLE_DIR")),
        run_image_layout: PathBuf::from(test_env("STOWAGE_RUN_IMAGE_LAYOUT")),
        user_id: test_env("CNB_USER_ID"),
        group_id: test_env("CNB_GROUP_ID"),
        shell_library: repo_root().join("scripts/lib/tools.sh"),
        binaries_dir: std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| repo_root().join("target"), PathBuf::from)
            .join("debug"),
    })
}

/// One value of the test environment (see `scripts/lib/test-env.sh`).
pub fn test_env(key: &str) -> String {
    static ENV: OnceLock<HashMap<String, String>> = OnceLock::new();
    ENV.get_or_init(read_test_env)
        .get(key)
        .cloned()
        .unwrap_or_else(|| {
            panic!("{key} is not in the test environment: run the tests with scripts/test")
        })
}

fn read_test_env() -> HashMap<String, String> {
    const KEYS: [&str; 10] = [
        "STOWAGE_LIFECYCLE_DIR",
        "STOWAGE_RUN_IMAGE_LAYOUT",
        "STOWAGE_TEST_ARTIFACTS",
        "STOWAGE_TEST_JVM_ARTIFACTS",
        "STOWAGE_TEST_SPRING_BOOT_ARTIFACTS",
        "STOWAGE_TEST_MAVEN_ARTIFACTS",
        "STOWAGE_TEST_TOMCAT_ARTIFACTS",
        "STOWAGE_TEST_NGINX_ARTIFACTS",
        "CNB_USER_ID",
        "CNB_GROUP_ID",
    ];
    let from_process: HashMap<String, String> = KEYS
        .iter()
        .filter_map(|key| {
            std::env::var(key)
                .ok()
                .map(|value| ((*key).to_string(), value))
        })
        .collect();
    if from_process.len() == KEYS.len() {
        return from_process;
    }
    let output = Command::new(repo_root().join("scripts/lib/test-env.sh"))
        .output()
        .expect("run scripts/lib/test-env.sh");
    assert!(
        output.status.success(),
        "scripts/lib/test-env.sh failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

/// Builds these buildpack crates' binaries (debug), once per test process, so that tests
/// package what the source says now.
pub(super) fn ensure_built(crates: &[String]) {
    static BUILT: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let mut built = BUILT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let missing: Vec<&String> = crates
        .iter()
        .filter(|name| !built.contains(*name))
        .collect();
    if missing.is_empty() {
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .current_dir(repo_root())
        .args(["build", "--quiet", "--bins"]);
    for name in &missing {
        command.args(["-p", name]);
    }
    let status = command.status().expect("run cargo build");
    assert!(status.success(), "building {missing:?} failed");
    built.extend(missing.into_iter().cloned());
}
