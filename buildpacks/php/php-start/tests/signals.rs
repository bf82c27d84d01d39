//! The launcher binary passes SIGTERM on to both processes and exits when they have.

// The test sees all of the package's dependencies.
#![allow(unused_crate_dependencies)]

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn sigterm_stops_both_and_the_launcher() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marker = dir.path().join("stopped");
    let procs = dir.path().join("procs.json");
    let script = format!(
        "trap 'echo $0 >> {}; exit 0' TERM; sleep 30 & wait",
        marker.display()
    );
    let json = serde_json::json!({"processes": [
        {"name": "fpm", "command": ["sh", "-c", script, "fpm"]},
        {"name": "nginx", "command": ["sh", "-c", script, "nginx"]},
    ]});
    fs_err::write(&procs, json.to_string()).expect("write");
    let mut launcher = Command::new(env!("CARGO_BIN_EXE_php-start-launch"))
        .arg(&procs)
        .spawn()
        .expect("start");
    std::thread::sleep(Duration::from_millis(500));
    let pid = i32::try_from(launcher.id()).expect("pid");
    kill(Pid::from_raw(pid), Signal::SIGTERM).expect("signal");
    let started = Instant::now();
    let status = launcher.wait().expect("wait");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(status.code(), Some(0));
    let stopped = fs_err::read_to_string(&marker).expect("both trapped SIGTERM");
    let mut names: Vec<&str> = stopped.lines().collect();
    names.sort_unstable();
    assert_eq!(names, ["fpm", "nginx"]);
}
