use super::stream;
use competency_atlas::crosswalk::{
    self, IndicatorOptions, MapOptions, Match, Model, Weights, council_label, eval, html,
    matching::DEFAULT_MIN_SCORE, select,
};
use competency_atlas::model::Framework;
use competency_atlas::store::{DEFAULT_INDEX, Store};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Index folder (as written by `atlas ingest`).
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Only source frameworks whose council or id contains this (case-insensitive).
    #[arg(long)]
    pub from: Option<String>,
    /// Only target frameworks whose council or id contains this (case-insensitive).
    #[arg(long)]
    pub to: Option<String>,
    /// Drop matches scoring below this.
    #[arg(long, default_value_t = DEFAULT_MIN_SCORE)]
    pub min_score: f32,
    /// Matches kept per competency and target framework.
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Keep a runner-up only if it scores at least this share of the best match.
    #[arg(long, default_value_t = MapOptions::default().relative)]
    pub relative: f32,
    /// JSON array of matches on stdout.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV of matches on stdout.
    #[arg(long)]
    pub csv: bool,
    /// Also write the colour-scaled matrix page to this file.
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Cluster all competencies into themes instead of listing matches.
    #[arg(long)]
    pub themes: bool,
    /// Average-linkage similarity at which theme merging stops.
    #[arg(long, default_value_t = 0.2)]
    pub theme_threshold: f32,
    /// Find near-duplicate indicators across councils instead of listing matches.
    #[arg(long)]
    pub indicators: bool,
    /// Minimum verification score for an indicator pair.
    #[arg(long, default_value_t = IndicatorOptions::default().min_score)]
    pub indicator_score: f32,
    /// Print precision and recall against GOLD_DIR/crosswalk.tsv and
    /// GOLD_DIR/shared_indicators.tsv.
    #[arg(long, value_name = "GOLD_DIR")]
    pub evaluate: Option<PathBuf>,
}

pub fn run(a: Args) -> i32 {
    let store = match Store::open(&a.index) {
        Ok(s) => s,
        Err(e) => return super::fail(e),
    };
    let (fws, problems) = store.load_all();
    for p in &problems {
        eprintln!("warning: {p}");
    }
    if fws.is_empty() {
        eprintln!(
            "error: no frameworks in {}; run `atlas ingest` first",
            store.frameworks_dir().display()
        );
        return 1;
    }
    let opts = MapOptions {
        top: a.top.max(1),
        min_score: a.min_score,
        relative: a.relative,
        ..Default::default()
    };
    let iopts = IndicatorOptions {
        min_score: a.indicator_score,
        ..Default::default()
    };
    if let Some(gold) = &a.evaluate {
        return evaluate(&fws, gold, &opts, &iopts);
    }
    if a.indicators {
        return indicators(&fws, &a, &iopts);
    }
    let from = select(&fws, a.from.as_deref());
    let to = select(&fws, a.to.as_deref());
    if from.is_empty() || to.is_empty() {
        eprintln!("error: --from/--to match no framework");
        return 1;
    }
    let model = Model::build(&fws, Weights::default());
    if a.themes {
        let mut sel: Vec<usize> = from.iter().chain(&to).copied().collect();
        sel.sort_unstable();
        sel.dedup();
        return themes(&model, &sel, a.theme_threshold);
    }
    let matches = crosswalk::best_matches(&model, &from, &to, &opts);
    if let Some(path) = &a.html {
        let mut all: Vec<usize> = from.iter().chain(&to).copied().collect();
        all.sort_unstable();
        all.dedup();
        let every = MapOptions {
            top: 1,
            min_score: 0.0,
            ..opts
        };
        let best = crosswalk::best_matches(&model, &all, &all, &every);
        let page = html::render(&model, &all, &best, opts.min_score);
        if let Err(e) = std::fs::write(path, page) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 1;
        }
        eprintln!("wrote {}", path.display());
    }
    if a.json {
        return stream::print_json(&stream::array(
            matches.iter().map(|m| match_json(&model, m)),
        ));
    } else if a.csv {
        let mut w = csv::Writer::from_writer(std::io::stdout());
        let _ = w.write_record([
            "from_council",
            "from_framework",
            "from_competency",
            "from_code",
            "to_council",
            "to_framework",
            "to_competency",
            "to_code",
            "score",
            "text",
            "name",
            "shared_terms",
        ]);
        for m in &matches {
            let (f, t) = (model.framework_of(m.from), model.framework_of(m.to));
            let (cf, ct) = (model.competency(m.from), model.competency(m.to));
            let _ = w.write_record([
                council_label(f),
                f.id.clone(),
                cf.name.clone(),
                cf.code.clone().unwrap_or_default(),
                council_label(t),
                t.id.clone(),
                ct.name.clone(),
                ct.code.clone().unwrap_or_default(),
                format!("{:.3}", m.score.score),
                format!("{:.3}", m.score.text),
                format!("{:.3}", m.score.name),
                model.shared_terms(m.from, m.to, 6).join("; "),
            ]);
        }
        let _ = w.flush();
    } else if a.html.is_none() {
        print_table(&model, &matches);
    }
    0
}

fn comp_json(model: &Model, p: usize) -> serde_json::Value {
    let f = model.framework_of(p);
    let c = model.competency(p);
    json!({
        "council": f.council, "framework": f.id, "competency": c.name, "code": c.code,
        "source": f.source.path,
    })
}

fn match_json(model: &Model, m: &Match) -> serde_json::Value {
    json!({
        "from": comp_json(model, m.from),
        "to": comp_json(model, m.to),
        "score": round3(m.score.score),
        "text_score": round3(m.score.text),
        "name_score": round3(m.score.name),
        "shared_terms": model.shared_terms(m.from, m.to, 6),
    })
}

fn round3(x: f32) -> f64 {
    (x as f64 * 1000.0).round() / 1000.0
}

fn print_table(model: &Model, matches: &[Match]) {
    let mut last: Option<(usize, u32)> = None;
    for m in matches {
        let tf = model.profiles[m.to].at.fw;
        if last.map(|l| l.0) != Some(m.from) {
            let f = model.framework_of(m.from);
            println!("\n{} / {}", council_label(f), model.competency(m.from).name);
        }
        let first_in_fw = last != Some((m.from, tf));
        last = Some((m.from, tf));
        let council = if first_in_fw {
            council_label(model.framework_of(m.to))
        } else {
            String::new()
        };
        println!(
            "  {:<30} {:.2}  {:<45} [{}]",
            truncate(&council, 30),
            m.score.score,
            truncate(&model.competency(m.to).name, 45),
            model.shared_terms(m.from, m.to, 5).join(", ")
        );
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

fn themes(model: &Model, sel: &[usize], threshold: f32) -> i32 {
    let ts = match crosswalk::themes(model, sel, threshold) {
        Ok(t) => t,
        Err(e) => return super::fail(e),
    };
    let mut singles = Vec::new();
    for (k, t) in ts.iter().enumerate() {
        if crosswalk::themes::councils(model, t) < 2 {
            singles.push(t);
            continue;
        }
        println!(
            "\nTheme {}: {} (cohesion {:.2})",
            k + 1,
            t.terms.join(" / "),
            t.cohesion
        );
        for &f in sel {
            let names: Vec<&str> = t
                .members
                .iter()
                .filter(|&&m| model.profiles[m].at.fw as usize == f)
                .map(|&m| model.competency(m).name.as_str())
                .collect();
            if !names.is_empty() {
                println!(
                    "  {:<30} {}",
                    truncate(&council_label(&model.frameworks[f]), 30),
                    names.join("; ")
                );
            }
        }
        let lacking: Vec<String> = sel
            .iter()
            .filter(|&&f| {
                !t.members
                    .iter()
                    .any(|&m| model.profiles[m].at.fw as usize == f)
            })
            .map(|&f| council_label(&model.frameworks[f]))
            .collect();
        if !lacking.is_empty() {
            println!("  lacking: {}", lacking.join(", "));
        }
    }
    if !singles.is_empty() {
        println!("\nFound in one framework only:");
        for t in singles {
            let f = model.framework_of(t.members[0]);
            let names: Vec<&str> = t
                .members
                .iter()
                .map(|&m| model.competency(m).name.as_str())
                .collect();
            println!(
                "  {:<30} {}",
                truncate(&council_label(f), 30),
                names.join("; ")
            );
        }
    }
    0
}

fn indicator_json(fws: &[Framework], r: &crosswalk::indicators::IndicatorRef) -> serde_json::Value {
    let (f, c, i) = r.get(fws);
    json!({
        "council": f.council, "framework": f.id, "competency": c.name, "text": i.text,
        "level": i.level, "source": {"path": f.source.path, "page": i.source.page, "line": i.source.line},
    })
}

fn indicators(fws: &[Framework], a: &Args, opts: &IndicatorOptions) -> i32 {
    let r = crosswalk::shared_indicators(fws, opts);
    if a.json {
        #[derive(serde::Serialize)]
        struct Out<P, F> {
            pairs: P,
            families: F,
        }
        let pairs = r.pairs.iter().map(|p| {
            json!({
                "a": indicator_json(fws, &r.refs[p.a as usize]),
                "b": indicator_json(fws, &r.refs[p.b as usize]),
                "score": round3(p.score),
            })
        });
        let families = r.families.iter().map(|f| {
            json!({"members": f.iter().map(|&i| indicator_json(fws, &r.refs[i as usize])).collect::<Vec<_>>()})
        });
        return stream::print_json(&Out {
            pairs: stream::array(pairs),
            families: stream::array(families),
        });
    }
    println!(
        "{} shared-origin pairs in {} families",
        r.pairs.len(),
        r.families.len()
    );
    for (k, fam) in r.families.iter().enumerate() {
        println!("\nFamily {} ({} indicators)", k + 1, fam.len());
        for &i in fam {
            let (f, c, ind) = r.refs[i as usize].get(fws);
            let s = if i == fam[0] {
                "     ".to_string()
            } else {
                r.score(fam[0], i)
                    .map(|s| format!("{s:.2} "))
                    .unwrap_or_else(|| "  ~  ".into())
            };
            println!(
                "  {s}{} / {} [{}]: {}",
                truncate(&council_label(f), 28),
                c.name,
                ind.level.as_deref().unwrap_or("all"),
                ind.text
            );
        }
    }
    0
}

fn evaluate(
    fws: &[Framework],
    gold: &std::path::Path,
    opts: &MapOptions,
    iopts: &IndicatorOptions,
) -> i32 {
    match eval::evaluate(fws, gold, opts, iopts) {
        Ok(e) => {
            for (what, s) in [
                ("competency matches", &e.competencies),
                ("shared-origin indicators", &e.indicators),
            ] {
                println!(
                    "{what}: precision {:.3} ({}/{}), recall {:.3} ({}/{})",
                    s.precision(),
                    s.correct,
                    s.predicted,
                    s.recall(),
                    s.correct,
                    s.gold
                );
                for m in &s.missed {
                    println!("  missed   {m}");
                }
                for m in &s.spurious {
                    println!("  spurious {m}");
                }
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
