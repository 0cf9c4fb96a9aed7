use competency_atlas::export::{self, Format};
use competency_atlas::store::DEFAULT_INDEX;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// csv, jsonl or json.
    #[arg(long, default_value = "csv")]
    pub format: Format,
    /// Write here instead of standard output (replaced atomically).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Start the CSV with a UTF-8 byte order mark so Excel reads accents correctly.
    #[arg(long)]
    pub bom: bool,
    /// Index folder.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
}

pub fn run(a: Args) -> i32 {
    let fws = match super::show::load(&a.index) {
        Ok(f) => f,
        Err(e) => return super::fail(e),
    };
    let result = match &a.out {
        Some(path) => {
            let mut buf = Vec::new();
            export::write(&fws, a.format, a.bom, &mut buf)
                .and_then(|n| competency_atlas::store::write_atomic(path, &buf).map(|()| n))
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            export::write(&fws, a.format, a.bom, &mut lock)
        }
    };
    match result {
        Ok(n) => {
            if let Some(p) = &a.out {
                eprintln!("{n} indicators written to {}", p.display());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
