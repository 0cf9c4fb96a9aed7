use competency_atlas::synth;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder to write the documents and their manifest.csv into.
    #[arg(long)]
    pub out: PathBuf,
    /// How many frameworks.
    #[arg(long, default_value_t = 100)]
    pub count: u64,
    /// Seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Formats to cycle through: txt, md, docx, pdf.
    #[arg(long, value_delimiter = ',', default_value = "txt")]
    pub formats: Vec<String>,
    /// Also write each framework's expected JSON beside it (for round-trip checks).
    #[arg(long)]
    pub expected: bool,
}

pub fn run(a: Args) -> i32 {
    let mut formats = Vec::new();
    for f in &a.formats {
        match competency_atlas::document::Format::from_path(std::path::Path::new(&format!("x.{f}")))
        {
            Some(fmt) => formats.push(fmt),
            None => {
                eprintln!("error: unknown format {f:?} (use txt, md, docx, pdf)");
                return 1;
            }
        }
    }
    match synth::write_corpus(&a.out, a.seed, a.count, &formats, a.expected) {
        Ok(n) => {
            println!(
                "wrote {n} documents and manifest.csv to {}",
                a.out.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
