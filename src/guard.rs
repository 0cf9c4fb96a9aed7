//! Runs work whose failures must not take the process down (a third-party parser, one file of
//! a batch): on a worker thread, under `catch_unwind`, with a deadline.

use crate::error::ErrorKind;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

/// Parsers recurse on nested elements; the pre-checks cap nesting, and a large stack
/// (reserved, not committed) keeps deep-but-allowed documents from overflowing it.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Run `work` with a time limit. A panic inside becomes `ErrorKind::Internal`.
///
/// On timeout the worker cannot be stopped (Rust threads cannot be killed): it is detached and
/// keeps its core busy until the work returns, if ever, and its memory until then. The
/// readers' pre-checks exist so that this does not happen on any known input; the deadline is
/// the last line of defence, so that one bad file costs one stuck thread instead of a hung
/// batch.
pub fn run_with_deadline<T: Send + 'static>(
    what: &str,
    budget: Duration,
    work: impl FnOnce() -> Result<T, ErrorKind> + Send + 'static,
) -> Result<T, ErrorKind> {
    let (tx, rx) = mpsc::sync_channel(1);
    let what_owned = what.to_string();
    let spawned = std::thread::Builder::new()
        .name("reader".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Err(ErrorKind::Internal(format!("{what_owned} failed: {msg}")))
            });
            // The receiver is gone if the deadline passed; nothing is waiting for the result.
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(ErrorKind::Internal(format!(
            "cannot start a reader thread: {e}"
        )));
    }
    match rx.recv_timeout(budget) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ErrorKind::Limit(format!(
            "{what} took longer than the {:.1} s time budget",
            budget.as_secs_f32()
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ErrorKind::Internal(format!(
            "{what} stopped without a result"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_and_overruns_become_errors() {
        let r: Result<(), _> = run_with_deadline("test", Duration::from_secs(5), || panic!("boom"));
        assert!(matches!(r, Err(ErrorKind::Internal(m)) if m.contains("boom")));
        let r: Result<(), _> = run_with_deadline("reading x", Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(400));
            Ok(())
        });
        assert!(matches!(r, Err(ErrorKind::Limit(m)) if m.contains("reading x took longer")));
        assert_eq!(
            run_with_deadline("ok", Duration::from_secs(5), || Ok(7)),
            Ok(7)
        );
    }
}
