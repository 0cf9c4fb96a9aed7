//! The `atlas` command line: thin wrappers that call the library and format its results.

mod extract;
mod ingest;
mod map;
mod table;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "atlas",
    version,
    about = "Extract, index, search and compare council competency frameworks"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract one document (PDF, DOCX, TXT, MD, HTML) and print its Framework as JSON.
    Extract(extract::Args),
    /// Extract every document under a folder into the index.
    Ingest(ingest::Args),
    /// Cross-walk competencies between frameworks; --themes, --indicators, --evaluate.
    Map(map::Args),
}

/// Options shared by commands that read documents.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct SourceArgs {
    /// Council name to use, overriding the manifest and the text.
    #[arg(long)]
    pub council: Option<String>,
    /// Manifest CSV (file,council,…); default: manifest.csv beside the documents or above.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
}

impl SourceArgs {
    pub fn options(
        &self,
        docs: &std::path::Path,
    ) -> Result<competency_atlas::pipeline::Options, String> {
        use competency_atlas::manifest::Manifest;
        let manifest_path = self.manifest.clone().or_else(|| Manifest::find_for(docs));
        let manifest = manifest_path.map(|p| Manifest::load(&p)).transpose()?;
        Ok(competency_atlas::pipeline::Options {
            council: self.council.clone(),
            manifest,
            ..Default::default()
        })
    }
}

/// Runs the command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Map(a) => map::run(a),
    }
}
