use competency_atlas::index::search::mark;
use competency_atlas::index::{self, Index, SearchRequest};
use competency_atlas::store::DEFAULT_INDEX;
use competency_atlas::text_safety::escape_controls as esc;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Query: words, "phrases", AND/OR/NOT, +/-, field:value (competency, council, level,
    /// group, polarity, description, title, framework), word~1 for fuzzy matching.
    pub query: String,
    /// Index folder.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Only councils whose name contains this (case-insensitive).
    #[arg(long)]
    pub council: Option<String>,
    /// Only this level (case-insensitive label; a part of it also matches).
    #[arg(long)]
    pub level: Option<String>,
    /// positive or negative.
    #[arg(long)]
    pub polarity: Option<String>,
    /// Only groups whose name contains this (case-insensitive).
    #[arg(long)]
    pub group: Option<String>,
    /// Most results to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON lines (one per hit, with score) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also count all matches per council and per level.
    #[arg(long)]
    pub facets: bool,
}

pub fn run(a: Args) -> i32 {
    let idx = match Index::open(&a.index) {
        Ok(i) => i,
        Err(e) => return super::fail(e),
    };
    let req = SearchRequest {
        query: a.query.clone(),
        council: a.council.clone(),
        level: a.level.clone(),
        polarity: a.polarity.clone(),
        group: a.group.clone(),
        limit: a.limit,
        facets: a.facets,
        ..Default::default()
    };
    let res = match index::search(&idx, &req) {
        Ok(r) => r,
        Err(e) => return super::fail(e),
    };
    if a.json {
        for h in &res.hits {
            let mut v = serde_json::to_value(h).expect("hit serialises");
            v["highlighted"] = mark(&h.text, &h.highlights, "[[", "]]").into();
            println!("{v}");
        }
        if let Some(f) = &res.facets {
            println!("{}", serde_json::json!({"total": res.total, "facets": f}));
        }
        return 0;
    }
    let tty = std::io::stdout().is_terminal();
    let (open, close) = if tty {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[[", "]]")
    };
    if res.fuzzy_fallback && !res.hits.is_empty() {
        println!("no exact matches; showing matches allowing one typo in long words");
    }
    for (n, h) in res.hits.iter().enumerate() {
        let level = h.level.as_deref().unwrap_or("all levels");
        println!(
            "{:>3}. {} · {} · {} · {}",
            n + 1,
            esc(&h.council),
            esc(&h.competency),
            esc(level),
            h.polarity
        );
        // Highlights are byte ranges of the raw text; text with control characters (rare)
        // is shown escaped and unhighlighted rather than obeyed.
        let text = match esc(&h.text) {
            std::borrow::Cow::Borrowed(_) => mark(&h.text, &h.highlights, open, close),
            escaped => escaped.into_owned(),
        };
        println!("     {text}");
        println!("     {}:{}:{}", esc(&h.path), h.page, h.line);
    }
    println!(
        "{} of {} matching indicators shown",
        res.hits.len(),
        res.total
    );
    if let Some(f) = &res.facets {
        println!("\nby council:");
        for (c, n) in &f.council {
            println!("  {n:>6}  {}", esc(c));
        }
        println!("by level:");
        for (l, n) in &f.level {
            println!("  {n:>6}  {}", esc(l));
        }
    }
    0
}
