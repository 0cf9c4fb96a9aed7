//! The `atlas` command line: thin wrappers that call the library and format its results.

mod debug;
mod export;
mod extract;
mod ingest;
mod limits;
mod map;
mod search;
mod serve;
mod show;
mod stream;
mod synth;
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
    /// Generate a synthetic corpus of fictitious councils' frameworks (benchmarks, tests).
    Synth(synth::Args),
    /// Search indicators across all imported frameworks.
    Search(search::Args),
    /// Show one imported framework as a tree (or its JSON).
    Show(show::ShowArgs),
    /// List imported frameworks with their counts.
    List(show::ListArgs),
    /// Export every indicator as CSV, JSON lines or JSON.
    Export(export::Args),
    /// Write synthetic frameworks into an index (tests and benchmarks).
    #[command(hide = true, name = "debug-synthetic")]
    DebugSynthetic(debug::Args),
    /// Cross-walk competencies between frameworks; --themes, --indicators, --evaluate.
    Map(map::Args),
    /// Browser interface: search, frameworks, compare, themes (http://127.0.0.1:8080/).
    Serve(serve::Args),
    /// Internal: extract one file for `ingest`/`extract` in a process of its own (options
    /// as JSON on stdin, the result as JSON on stdout).
    #[command(hide = true, name = "__extract-worker")]
    ExtractWorker { file: PathBuf },
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
        let mut opts = match &self.manifest {
            Some(p) => competency_atlas::pipeline::Options {
                manifest: Some(Manifest::load(p)?),
                ..Default::default()
            },
            None => competency_atlas::pipeline::Options::with_manifest_for(docs)?,
        };
        opts.council = self.council.clone();
        Ok(opts)
    }
}

/// Report a fatal error the same way in every command; 1 is the exit code for it.
pub fn fail(e: impl std::fmt::Display) -> i32 {
    eprintln!(
        "error: {}",
        competency_atlas::text_safety::escape_controls(&e.to_string())
    );
    1
}

/// Runs the command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Synth(a) => synth::run(a),
        Command::Search(a) => search::run(a),
        Command::Show(a) => show::show(a),
        Command::List(a) => show::list(a),
        Command::Export(a) => export::run(a),
        Command::DebugSynthetic(a) => debug::run(a),
        Command::Map(a) => map::run(a),
        Command::Serve(a) => serve::run(a),
        Command::ExtractWorker { file } => competency_atlas::worker::serve(&file),
    }
}
