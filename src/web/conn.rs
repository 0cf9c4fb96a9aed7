//! The accept loop: HTTP/1 connections with a header-read timeout and a cap on how many are
//! open at once, so slow or idle clients cannot hold the server (issue 19: 500 slowloris
//! connections stayed open for ever; 1,100 idle sockets ran it out of descriptors).

use super::Live;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a client has to send a request's headers, from when the server is ready to
/// read them: on a new connection, and between requests on a kept-alive one. Past it the
/// connection is closed, so a socket that sends nothing (or a byte a minute) is freed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Most connections served at once; more wait in the kernel's accept queue.
pub const MAX_CONNECTIONS: usize = 1000;
/// Descriptors kept free under the process limit for what is not a connection: the search
/// index's segment files, the store's files, the listener, log and pipes.
const RESERVED_DESCRIPTORS: u64 = 128;
/// The fewest connections allowed however low the descriptor limit.
const MIN_CONNECTIONS: usize = 8;

/// Connection limits of a server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// `wanted`, lowered to stay below this process's open-file limit.
pub fn connections_allowed(wanted: usize) -> usize {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct we pass.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0;
    if !ok || lim.rlim_cur == libc::RLIM_INFINITY {
        return wanted;
    }
    let room = (lim.rlim_cur as u64).saturating_sub(RESERVED_DESCRIPTORS);
    wanted.min(room as usize).max(MIN_CONNECTIONS)
}

/// Serve connections from `listener` until `shutdown` completes.
pub async fn accept_loop(
    listener: tokio::net::TcpListener,
    live: Arc<Live>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(connections_allowed(limits.max_connections)));
    tokio::pin!(shutdown);
    loop {
        // A permit first: at the cap, new connections wait in the accept queue instead of
        // taking a descriptor each.
        let permit = tokio::select! {
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
            _ = &mut shutdown => return,
        };
        let stream = tokio::select! {
            s = listener.accept() => match s {
                Ok((s, _)) => s,
                // Out of descriptors or a reset before accept: wait a moment, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return,
        };
        let live = Arc::clone(&live);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let router = live.router();
                tower::ServiceExt::oneshot(router, req)
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}
