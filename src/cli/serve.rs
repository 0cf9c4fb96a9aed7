//! `atlas serve`: the browser interface over an index (see `competency_atlas::web`).

use competency_atlas::store::DEFAULT_INDEX;
use competency_atlas::web::{self, Live};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Index folder (as written by `atlas ingest`).
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Address to listen on; loopback by default (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Seconds a client has to send a request's headers (idle connections close after it).
    #[arg(long, default_value_t = web::conn::HEADER_READ_TIMEOUT.as_secs_f64(), value_parser = super::limits::seconds)]
    pub header_timeout: f64,
    /// Most connections open at once (lowered to stay below the open-file limit).
    #[arg(long, default_value_t = web::conn::MAX_CONNECTIONS)]
    pub max_connections: usize,
}

pub fn run(a: Args) -> i32 {
    // An ingest while the server runs is picked up on the next request after it.
    let live = match Live::open(&a.index, std::time::Duration::from_secs(1)) {
        Ok(l) => l,
        Err(e) => return super::fail(e),
    };
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = a.threads {
        rt.worker_threads(n.max(1));
    }
    let rt = match rt.build() {
        Ok(r) => r,
        Err(e) => return super::fail(format!("cannot start the server: {e}")),
    };
    let limits = web::conn::Limits {
        header_read_timeout: std::time::Duration::from_secs_f64(a.header_timeout),
        max_connections: a.max_connections.max(1),
    };
    match rt.block_on(web::serve_with(live, a.addr, limits)) {
        Ok(()) => 0,
        Err(e) => super::fail(e),
    }
}
