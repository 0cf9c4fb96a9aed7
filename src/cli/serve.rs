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
    match rt.block_on(web::serve(live, a.addr)) {
        Ok(()) => 0,
        Err(e) => super::fail(e),
    }
}
