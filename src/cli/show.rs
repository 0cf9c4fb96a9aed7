use competency_atlas::model::Framework;
use competency_atlas::store::{DEFAULT_INDEX, Store};
use competency_atlas::text_safety::escape_controls as esc;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// Framework id, or part of a council name (case-insensitive).
    pub council_or_id: String,
    /// Index folder.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Print the stored Framework JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Index folder.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
}

/// The stored frameworks, or the one-line reason there are none to read.
pub fn load(index: &std::path::Path) -> Result<Vec<Framework>, String> {
    if !index.join("frameworks").is_dir() {
        return Err(format!(
            "no index at {}: run `atlas ingest DIR` first",
            index.display()
        ));
    }
    let store = Store::open(index)?;
    let (fws, problems) = store.load_all();
    for p in problems {
        eprintln!("warning: unreadable framework file {}", esc(&p));
    }
    Ok(fws)
}

/// An exact id wins; otherwise every framework whose council contains `key`.
pub fn select<'a>(fws: &'a [Framework], key: &str) -> Vec<&'a Framework> {
    if let Some(fw) = fws.iter().find(|f| f.id == key) {
        return vec![fw];
    }
    let want = key.to_lowercase();
    fws.iter()
        .filter(|f| {
            f.council
                .as_deref()
                .is_some_and(|c| c.to_lowercase().contains(&want))
                || f.id.contains(&want)
        })
        .collect()
}

pub fn show(a: ShowArgs) -> i32 {
    let fws = match load(&a.index) {
        Ok(f) => f,
        Err(e) => return super::fail(e),
    };
    match select(&fws, &a.council_or_id).as_slice() {
        [] => {
            eprintln!(
                "error: no framework matches {:?}; `atlas list` shows what is imported",
                a.council_or_id
            );
            1
        }
        [fw] => {
            if a.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(fw).expect("framework serialises")
                );
            } else {
                print!("{}", super::table::tree(fw));
            }
            0
        }
        many => {
            eprintln!(
                "error: {:?} matches {} frameworks; give one of these ids:",
                a.council_or_id,
                many.len()
            );
            for fw in many {
                eprintln!(
                    "  {}  ({})",
                    esc(&fw.id),
                    esc(fw.council.as_deref().unwrap_or("(unknown)"))
                );
            }
            1
        }
    }
}

pub fn list(a: ListArgs) -> i32 {
    let fws = match load(&a.index) {
        Ok(f) => f,
        Err(e) => return super::fail(e),
    };
    let refs: Vec<&Framework> = fws.iter().collect();
    print!("{}", super::table::summary_with_ids(&refs));
    println!("{} frameworks", fws.len());
    0
}
