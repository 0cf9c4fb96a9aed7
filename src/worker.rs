//! Extraction of one file in a worker process: the same binary, run with a hidden
//! subcommand, reads the file, recognises it and prints the result as JSON on stdout.
//!
//! A thread cannot be stopped, a process can. A reader that overruns its time budget or
//! memory ceiling on a hostile file is killed with everything it allocated, so its cost ends
//! at the limit, nothing keeps running in the background, and a file's result never depends
//! on what ran before it or beside it. A worker that crashes (abort, signal, a bug) costs
//! that one file a clear error; the ingest goes on.

use crate::error::{Error, ErrorKind};
use crate::model::Framework;
use crate::pipeline::{self, Options};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The hidden subcommand that runs a worker: `atlas __extract-worker FILE`, options on stdin.
pub const COMMAND: &str = "__extract-worker";
/// How often the parent looks at a worker's memory and clock: overshoot past the ceiling is
/// what a reader can allocate in this time.
const POLL: Duration = Duration::from_millis(10);
/// The first look at a worker, doubled up to `POLL`.
const FIRST_POLL: Duration = Duration::from_millis(1);
/// Time past the budget the worker has to report its own deadline (it stops cleanly with a
/// "took longer" error) before the parent kills it.
const GRACE: Duration = Duration::from_secs(2);
/// Address space allowed beyond the memory ceiling, as a hard backstop (`RLIMIT_AS`) should
/// a reader allocate faster than the parent polls: thread stacks and allocator arenas
/// reserve address space they never touch, so this cannot be the ceiling itself.
const ADDRESS_SPACE_HEADROOM: u64 = 1024 * 1024 * 1024;
/// What stays of a worker's stderr for the error message (a panic message, an abort).
const STDERR_KEPT: usize = 4096;
/// glibc gives each thread that contends for malloc an arena reserving 64 MB of address
/// space; two are plenty for a worker and keep the backstop meaningful.
const MALLOC_ARENAS: &str = "2";

/// What the parent sends: everything extraction needs besides the file's path (an argument,
/// so that file names that are not UTF-8 pass unchanged).
#[derive(Serialize, Deserialize)]
struct Request {
    options: Options,
}

/// How a batch extracts its files.
#[derive(Debug, Clone, Default)]
pub enum Isolation {
    /// On a thread of this process, under a deadline (library use, tests).
    #[default]
    InProcess,
    /// In worker processes of this executable (which must handle [`COMMAND`]).
    Worker(PathBuf),
}

impl Isolation {
    /// Workers of the running executable.
    pub fn this_executable() -> Result<Isolation, String> {
        std::env::current_exe()
            .map(Isolation::Worker)
            .map_err(|e| format!("cannot find the atlas executable to run workers: {e}"))
    }

    /// Read and recognise one file under `opts.limits`.
    pub fn extract(&self, path: &Path, opts: &Options) -> Result<Framework, Error> {
        match self {
            Isolation::InProcess => {
                let (p, o) = (path.to_path_buf(), opts.clone());
                let work = move || Ok(pipeline::extract_file(&p, &o));
                match crate::guard::run_with_deadline(
                    "reading the file",
                    opts.limits.time_budget,
                    work,
                ) {
                    Ok(result) => result,
                    Err(kind) => Err(Error::new(path, kind)),
                }
            }
            Isolation::Worker(exe) => extract_in_worker(exe, path, opts),
        }
    }
}

/// The worker's side: read options from stdin, extract `path`, print the result as JSON.
/// Returns the exit code; 0 whenever a result (success or a file's error) was printed.
pub fn serve(path: &Path) -> i32 {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("worker: cannot read the request: {e}");
        return 3;
    }
    let request: Request = match serde_json::from_slice(&input) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("worker: bad request: {e}");
            return 3;
        }
    };
    let opts = request.options;
    limit_address_space(opts.limits.max_memory_bytes);
    let result: Result<Framework, ErrorKind> = Isolation::InProcess
        .extract(path, &opts)
        .map_err(|e| e.kind);
    let json = serde_json::to_vec(&result).expect("a framework serialises");
    let mut out = std::io::stdout().lock();
    if out.write_all(&json).and_then(|()| out.flush()).is_err() {
        return 3;
    }
    0
}

/// The hard backstop behind the parent's watchdog: an allocation past it fails (and the
/// worker aborts) instead of growing on.
fn limit_address_space(ceiling: u64) {
    let bytes = ceiling.saturating_add(ADDRESS_SPACE_HEADROOM);
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

/// The parent's side: run a worker on `path`, watch its clock and memory, read its result.
fn extract_in_worker(exe: &Path, path: &Path, opts: &Options) -> Result<Framework, Error> {
    let fail = |kind: ErrorKind| Error::new(path, kind);
    let request = serde_json::to_vec(&Request {
        options: opts.clone(),
    })
    .map_err(|e| {
        fail(ErrorKind::Internal(format!(
            "cannot prepare the worker: {e}"
        )))
    })?;
    let mut child = Command::new(exe)
        .arg(COMMAND)
        .arg(path)
        .env("MALLOC_ARENA_MAX", MALLOC_ARENAS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            fail(ErrorKind::Internal(format!(
                "cannot start an extraction worker ({}): {e}",
                exe.display()
            )))
        })?;
    let mut stdin = child.stdin.take().expect("piped");
    // Written on a thread: a worker that dies before reading must not block us, and a
    // large manifest may not fit the pipe.
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&request);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let mut stderr = child.stderr.take().expect("piped");
    let err = std::thread::spawn(move || tail(&mut stderr));
    let verdict = watch(&mut child, &opts.limits);
    let _ = feeder.join();
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let status = match verdict {
        Watch::Exited(status) => status,
        Watch::Killed(kind) => return Err(fail(kind)),
    };
    if status.success() {
        if let Ok(result) = serde_json::from_slice::<Result<Framework, ErrorKind>>(&stdout) {
            return result.map_err(fail);
        }
    }
    Err(fail(crashed(status, &stderr, &opts.limits)))
}

enum Watch {
    Exited(std::process::ExitStatus),
    /// Killed by us at a limit; the error says which.
    Killed(ErrorKind),
}

/// Wait for the worker, killing it past its deadline or memory ceiling.
fn watch(child: &mut Child, limits: &crate::limits::Limits) -> Watch {
    let started = Instant::now();
    let deadline = limits.time_budget.saturating_add(GRACE);
    // Most files take a few milliseconds: look soon, then back off to POLL, so a short file
    // is not held for a whole period.
    let mut pause = FIRST_POLL;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Watch::Exited(status),
            Ok(None) => {}
            Err(e) => {
                kill(child);
                return Watch::Killed(ErrorKind::Internal(format!(
                    "cannot watch the extraction worker: {e}"
                )));
            }
        }
        if let Some(rss) = resident_bytes(child.id()) {
            if rss > limits.max_memory_bytes {
                kill(child);
                return Watch::Killed(memory_limit(limits));
            }
        }
        if started.elapsed() > deadline {
            kill(child);
            return Watch::Killed(ErrorKind::Limit(format!(
                "reading the file took longer than the {:.1} s time budget",
                limits.time_budget.as_secs_f32()
            )));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(POLL);
    }
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn memory_limit(limits: &crate::limits::Limits) -> ErrorKind {
    ErrorKind::Limit(format!(
        "reading the file needed more than the {} MB memory ceiling",
        limits.max_memory_bytes >> 20
    ))
}

/// Why a worker ended without a result, in words.
fn crashed(
    status: std::process::ExitStatus,
    stderr: &str,
    limits: &crate::limits::Limits,
) -> ErrorKind {
    use std::os::unix::process::ExitStatusExt;
    // Rust's allocator reports a refused allocation this way, then aborts.
    if stderr.contains("memory allocation of") {
        return memory_limit(limits);
    }
    let how = match status.signal() {
        Some(sig) => format!("was killed by signal {sig}"),
        None => format!("stopped with {status}"),
    };
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    let detail = last.map(|l| format!(": {}", l.trim())).unwrap_or_default();
    ErrorKind::Internal(format!(
        "the extraction worker {how} without a result{detail}"
    ))
}

/// The last [`STDERR_KEPT`] bytes of a stream, read to its end.
fn tail(r: &mut impl Read) -> String {
    let mut kept: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = r.read(&mut buf) {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&buf[..n]);
        if kept.len() > 2 * STDERR_KEPT {
            kept.drain(..kept.len() - STDERR_KEPT);
        }
    }
    let start = kept.len().saturating_sub(STDERR_KEPT);
    String::from_utf8_lossy(&kept[start..]).into_owned()
}

/// Resident memory of process `pid` (VmRSS in /proc), if it can be read.
fn resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(dir: &Path, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.join("worker.sh");
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }

    #[test]
    fn a_worker_that_crashes_or_lies_costs_its_file_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let opts = Options::default();
        let killed = script(dir.path(), "cat >/dev/null; echo 'oh no' >&2; kill -9 $$");
        let e = Isolation::Worker(killed).extract(&file, &opts).unwrap_err();
        assert_eq!(e.path, file);
        assert!(
            matches!(&e.kind, ErrorKind::Internal(m) if m.contains("killed by signal 9") && m.contains("oh no")),
            "{e}"
        );
        let garbage = script(dir.path(), "cat >/dev/null; echo '{not json'");
        let e = Isolation::Worker(garbage)
            .extract(&file, &opts)
            .unwrap_err();
        assert!(
            matches!(&e.kind, ErrorKind::Internal(m) if m.contains("without a result")),
            "{e}"
        );
        let missing = Isolation::Worker(dir.path().join("no-such-atlas"));
        let e = missing.extract(&file, &opts).unwrap_err();
        assert!(
            e.to_string().contains("cannot start an extraction worker"),
            "{e}"
        );
    }

    #[test]
    fn a_worker_past_its_deadline_or_memory_ceiling_is_killed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let mut opts = Options::default();
        // Past the grace period too: the parent has to kill it.
        opts.limits.time_budget = Duration::ZERO;
        let stuck = script(dir.path(), "exec sleep 60");
        let e = Isolation::Worker(stuck).extract(&file, &opts).unwrap_err();
        assert!(e.to_string().contains("time budget"), "{e}");
        // Any process is over a one-byte ceiling; the shell stays alive until killed.
        let mut opts = Options::default();
        opts.limits.max_memory_bytes = 1;
        let hog = script(dir.path(), "exec sleep 60");
        let e = Isolation::Worker(hog).extract(&file, &opts).unwrap_err();
        assert!(e.to_string().contains("memory ceiling"), "{e}");
    }
}
