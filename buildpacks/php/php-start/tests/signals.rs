//! The launcher binary passes SIGTERM on to both processes and exits when they have, and
//! reaps the orphans it adopts.

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

/// `State:` and `PPid:` of a process from /proc, `None` once it is gone (reaped).
fn state_and_parent(pid: &str) -> Option<(String, String)> {
    let status = fs_err::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let state = status
        .lines()
        .find_map(|line| line.strip_prefix("State:"))
        .map(|value| value.trim().to_string())
        .unwrap_or_default();
    let parent = status
        .lines()
        .find_map(|line| line.strip_prefix("PPid:"))
        .map(|value| value.trim().to_string())
        .unwrap_or_default();
    Some((state, parent))
}

/// A process FPM or the web server leaves behind becomes the launcher's (as it would of PID 1)
/// and is reaped when it exits, not left a zombie.
#[test]
fn orphans_are_adopted_and_reaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let orphan_pid = dir.path().join("orphan.pid");
    let go = dir.path().join("go");
    // The subshell starts the orphan and exits at once; the orphan waits for `go` (10 s at
    // most, so a failing test leaves nothing behind), then exits.
    let leaver = format!(
        "(sh -c 'echo $$ > {pid}; for i in $(seq 200); do [ -e {go} ] && exit 0; sleep 0.05; \
         done' &); exec sleep 30",
        pid = orphan_pid.display(),
        go = go.display()
    );
    let json = serde_json::json!({"processes": [
        {"name": "fpm", "command": ["sh", "-c", leaver]},
        {"name": "nginx", "command": ["sleep", "30"]},
    ]});
    let procs = dir.path().join("procs.json");
    fs_err::write(&procs, json.to_string()).expect("write");
    let mut launcher = Command::new(env!("CARGO_BIN_EXE_php-start-launch"))
        .arg(&procs)
        .spawn()
        .expect("start");
    let launcher_pid = launcher.id().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    let orphan = loop {
        let text = fs_err::read_to_string(&orphan_pid).unwrap_or_default();
        if !text.trim().is_empty() {
            break text.trim().to_string();
        }
        assert!(Instant::now() < deadline, "the orphan did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    // Its parent subshell is gone: it belongs to the launcher now.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (_, parent) = state_and_parent(&orphan).expect("the orphan runs");
        if parent == launcher_pid {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the orphan's parent is {parent}, not the launcher {launcher_pid}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    fs_err::write(&go, "").expect("go");
    let deadline = Instant::now() + Duration::from_secs(5);
    while let Some((state, _)) = state_and_parent(&orphan) {
        assert!(
            Instant::now() < deadline,
            "the orphan {orphan} is still there, state {state}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The launcher kept running: the orphan is not one of its two processes.
    assert!(launcher.try_wait().expect("try_wait").is_none());
    let pid = i32::try_from(launcher.id()).expect("pid");
    kill(Pid::from_raw(pid), Signal::SIGTERM).expect("signal");
    assert_eq!(launcher.wait().expect("wait").code(), Some(143));
}
