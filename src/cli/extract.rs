use super::SourceArgs;
use competency_atlas::pipeline;
use competency_atlas::text_safety as safe;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The document to extract.
    pub file: PathBuf,
    /// Print a readable tree instead of JSON.
    #[arg(long)]
    pub pretty: bool,
    /// Print the reader's blocks (what the recognizer sees) instead of the Framework.
    #[arg(long)]
    pub blocks: bool,
    /// Time budget, in seconds.
    #[arg(long, default_value_t = 30.0, value_parser = super::limits::seconds)]
    pub timeout: f64,
    /// Most memory the extraction may use, in MB (it is stopped past it).
    #[arg(long, default_value_t = super::limits::DEFAULT_MEMORY_MB)]
    pub max_memory_mb: u64,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(a: Args) -> i32 {
    let opts = match a.source.options(&a.file) {
        Ok(mut o) => {
            o.limits.time_budget = std::time::Duration::from_secs_f64(a.timeout);
            o.limits.max_memory_bytes = a.max_memory_mb.saturating_mul(1 << 20);
            o
        }
        Err(e) => return super::fail(e),
    };
    if a.blocks {
        return match pipeline::read_document(&a.file, &opts.limits) {
            Ok(doc) => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&doc).expect("document serialises")
                );
                0
            }
            Err(e) => {
                eprintln!("error: {}", safe::escape_controls(&e.to_string()));
                1
            }
        };
    }
    // In a worker process, as `ingest` does: a hostile file is stopped at the time budget
    // and memory ceiling instead of growing or hanging without limit.
    let result = competency_atlas::worker::Isolation::this_executable()
        .map_err(|e| e.to_string())
        .and_then(|w| w.extract(&a.file, &opts).map_err(|e| e.to_string()));
    match result {
        Ok(fw) => {
            if a.pretty {
                print!("{}", super::table::tree(&fw));
            } else {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&fw).expect("framework serialises")
                );
            }
            for w in &fw.warnings {
                eprintln!(
                    "warning: {}: {}",
                    safe::path(&a.file),
                    safe::escape_controls(w)
                );
            }
            0
        }
        Err(e) => {
            eprintln!("error: {}", safe::escape_controls(&e));
            1
        }
    }
}
