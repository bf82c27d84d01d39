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

/// One value of the test environment (see `scripts/lib/test-env.sh`): the process's own when
/// `scripts/test` exported it, else what running `test-env.sh` (once) prints. A family adds its
/// variable to `test-env.sh` alone.
#[must_use]
pub fn test_env(key: &str) -> String {
    static ENV: OnceLock<HashMap<String, String>> = OnceLock::new();
    std::env::var(key)
        .ok()
        .or_else(|| ENV.get_or_init(read_test_env).get(key).cloned())
        .unwrap_or_else(|| {
            panic!("{key} is not in the test environment: run the tests with scripts/test")
        })
}

fn read_test_env() -> HashMap<String, String> {
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
pub(crate) fn ensure_built(crates: &[String]) {
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
