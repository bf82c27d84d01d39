//! The `web` process of stowage/php-start: runs PHP-FPM and the web server together. When
//! either exits, the other gets SIGTERM (SIGKILL after a grace period) and the launcher exits
//! with the first one's code; SIGTERM, SIGINT and SIGQUIT to the launcher go to both.
//! Usage: `php-start-launch <procs.json>`.
//!
//! It is often PID 1 of its container, and is a child subreaper anyway: processes its children
//! leave behind (a CGI script's background job, a worker whose parent died) become its
//! children, and it reaps them so they do not stay zombies.

// The buildpack's binaries share their dependencies; this one uses only some of them.
#![allow(unused_crate_dependencies)]

#[path = "../procs.rs"]
mod procs;

use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::Pid;
use signal_hook::consts::{SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;
use std::collections::HashMap;
use std::process::Command;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long the others get to stop after SIGTERM.
const GRACE: Duration = Duration::from_secs(10);

enum Event {
    /// The process at this index exited with this code (128 + the signal that stopped it).
    Exited(usize, i32),
    Signal(i32),
}

fn main() {
    let Some(file) = std::env::args_os().nth(1) else {
        eprintln!("php-start-launch: usage: php-start-launch <procs.json>");
        std::process::exit(2);
    };
    let procs: procs::Procs = match fs_err::read_to_string(&file)
        .map_err(|error| error.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|error| error.to_string()))
    {
        Ok(procs) => procs,
        Err(error) => {
            eprintln!("php-start-launch: {error}");
            std::process::exit(2);
        }
    };
    std::process::exit(run(&procs.processes));
}

/// Runs every process until the first exits or a signal comes; returns the exit code.
fn run(processes: &[procs::Proc]) -> i32 {
    let (sender, events) = mpsc::channel();
    match Signals::new([SIGTERM, SIGINT, SIGQUIT]) {
        Ok(mut signals) => {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    if sender.send(Event::Signal(signal)).is_err() {
                        break;
                    }
                }
            });
        }
        Err(error) => eprintln!("php-start-launch: signals are not forwarded: {error}"),
    }
    let mut pids = Vec::new();
    for (index, process) in processes.iter().enumerate() {
        let Some((program, args)) = process.command.split_first() else {
            continue;
        };
        let spawned = spawn_watched(Command::new(program).args(args), index, &sender);
        match spawned {
            Ok(pid) => {
                pids.push((index, pid));
                if let Some(file) = &process.ready_file {
                    wait_until_exists(std::path::Path::new(file));
                }
            }
            Err(error) => {
                eprintln!(
                    "php-start-launch: {} could not start: {error}",
                    process.name
                );
                signal_all(&pids, Signal::SIGTERM);
                wait_for(&events, pids.len(), &pids);
                return 127;
            }
        }
    }
    drop(sender);
    let (code, running) = match events.recv() {
        Ok(Event::Exited(index, code)) => {
            eprintln!(
                "php-start-launch: {} exited with code {code}; stopping the others",
                processes[index].name
            );
            let others: Vec<(usize, u32)> =
                pids.iter().copied().filter(|(i, _)| *i != index).collect();
            signal_all(&others, Signal::SIGTERM);
            (Some(code), others)
        }
        Ok(Event::Signal(number)) => {
            let signal = Signal::try_from(number).unwrap_or(Signal::SIGTERM);
            eprintln!("php-start-launch: {signal}: passing it on");
            signal_all(&pids, signal);
            (None, pids.clone())
        }
        Err(_) => return 0,
    };
    let first = wait_for(&events, running.len(), &running);
    code.or(first).unwrap_or(0)
}

/// Waits until `count` processes exited, sending SIGKILL to `pids` after the grace period; returns the
/// exit code of the first.
fn wait_for(events: &mpsc::Receiver<Event>, count: usize, pids: &[(usize, u32)]) -> Option<i32> {
    let deadline = Instant::now() + GRACE;
    let mut first = None;
    let mut left = count;
    let mut killed = false;
    while left > 0 {
        let timeout = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(if killed { GRACE } else { timeout }) {
            Ok(Event::Exited(_, code)) => {
                first.get_or_insert(code);
                left -= 1;
            }
            Ok(Event::Signal(_)) => {}
            Err(mpsc::RecvTimeoutError::Timeout) if !killed => {
                signal_all(pids, Signal::SIGKILL);
                killed = true;
            }
            Err(_) => break,
        }
    }
    first
}

fn wait_until_exists(file: &std::path::Path) {
    let deadline = Instant::now() + GRACE;
    while !file.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn signal_all(pids: &[(usize, u32)], signal: Signal) {
    for (_, pid) in pids {
        if let Ok(pid) = i32::try_from(*pid) {
            let _ = kill(Pid::from_raw(pid), signal);
        }
    }
}

/// The processes being watched, by pid: their index and where to report their exit.
type Watched = Mutex<HashMap<i32, (usize, mpsc::Sender<Event>)>>;

/// Starts `command` and has the reaper report its exit as process `index`. The first call
/// makes the launcher a child subreaper and starts the reaper.
fn spawn_watched(
    command: &mut Command,
    index: usize,
    sender: &mpsc::Sender<Event>,
) -> std::io::Result<u32> {
    static WATCHED: OnceLock<Watched> = OnceLock::new();
    let watched = WATCHED.get_or_init(|| {
        if let Err(error) = nix::sys::prctl::set_child_subreaper(true) {
            eprintln!("php-start-launch: orphaned processes go to init, not here: {error}");
        }
        std::thread::spawn(|| reap_all(WATCHED.get_or_init(Watched::default)));
        Watched::default()
    });
    // Held until the pid is in, so the reaper, which looks a reaped pid up under the lock,
    // always knows whether it was one of ours.
    let mut watched = watched
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // The reaper waits for the process; the `Child` is not needed.
    let pid = command.spawn()?.id();
    if let Ok(raw) = i32::try_from(pid) {
        watched.insert(raw, (index, sender.clone()));
    }
    Ok(pid)
}

/// Waits for every child, the watched ones and the orphans adopted, for the launcher's life:
/// a watched one's exit is reported, an orphan is only reaped.
fn reap_all(watched: &Watched) {
    loop {
        let (pid, code) = match waitpid(None, None) {
            Ok(WaitStatus::Exited(pid, code)) => (pid, code),
            Ok(WaitStatus::Signaled(pid, signal, _)) => (pid, 128 + signal as i32),
            Ok(_) | Err(Errno::EINTR) => continue,
            // No children now: look again soon.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let entry = watched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&pid.as_raw());
        if let Some((index, sender)) = entry {
            let _ = sender.send(Event::Exited(index, code));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proc(name: &str, script: &str) -> procs::Proc {
        procs::Proc {
            name: name.to_string(),
            command: vec!["sh".to_string(), "-c".to_string(), script.to_string()],
            ready_file: None,
        }
    }

    #[test]
    fn one_exits_the_other_is_stopped_and_the_code_propagates() {
        let started = Instant::now();
        let code = run(&[proc("server", "sleep 30"), proc("fpm", "sleep 0.2; exit 3")]);
        assert_eq!(code, 3);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the sleep was stopped"
        );
        assert_eq!(run(&[proc("a", "exit 0"), proc("b", "exec sleep 30")]), 0);
    }

    #[test]
    fn one_that_ignores_sigterm_is_killed_after_the_grace_period() {
        let started = Instant::now();
        let code = run(&[
            proc("stubborn", "trap '' TERM; sleep 60 & wait; sleep 60"),
            proc("quick", "exit 5"),
        ]);
        assert_eq!(code, 5);
        let took = started.elapsed();
        assert!(
            took >= GRACE && took < GRACE + Duration::from_secs(5),
            "{took:?}"
        );
    }

    #[test]
    fn the_next_starts_when_the_ready_file_appears() {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("fpm.socket");
        let mut fpm = proc(
            "fpm",
            &format!("sleep 0.5; touch {}; exec sleep 30", socket.display()),
        );
        fpm.ready_file = Some(socket.display().to_string());
        let check = format!("test -e {} && exit 7 || exit 1", socket.display());
        assert_eq!(run(&[fpm, proc("server", &check)]), 7);
    }

    #[test]
    fn a_program_that_cannot_start_stops_the_rest() {
        let missing = procs::Proc {
            name: "missing".to_string(),
            command: vec!["/nonexistent/php-fpm".to_string()],
            ready_file: None,
        };
        assert_eq!(run(&[proc("server", "exec sleep 30"), missing]), 127);
    }
}
