use super::SourceArgs;
use competency_atlas::pipeline;
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
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(a: Args) -> i32 {
    let opts = match a.source.options(&a.file) {
        Ok(o) => o,
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
                eprintln!("error: {e}");
                1
            }
        };
    }
    match pipeline::extract_file(&a.file, &opts) {
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
                eprintln!("warning: {}: {w}", a.file.display());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
