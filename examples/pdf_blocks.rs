//! Print the blocks the PDF reader makes of a file: `pdf_blocks FILE.pdf [--json] [--raw]`.
//! `--time` prints phase timings; `--raw` prints the interpreted lines and ruling lines per page instead (for debugging).

use competency_atlas::document::pdf;
use competency_atlas::limits::Limits;
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: pdf_blocks FILE.pdf [--json] [--raw] [--time]");
        std::process::exit(2);
    };
    let path = std::path::Path::new(path);
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1)
    });
    let limits = Limits::default();
    let out = std::io::stdout();
    let mut out = out.lock();
    if args.iter().any(|a| a == "--time") {
        // Phase timings, averaged over 20 runs: load (parse, decrypt), interpret, whole read.
        let n = 20;
        let t = std::time::Instant::now();
        for _ in 0..n {
            let _ = pdf::load(path, &bytes, &limits);
        }
        let load = t.elapsed() / n;
        let doc = pdf::load(path, &bytes, &limits).expect("loads");
        let t = std::time::Instant::now();
        for _ in 0..n {
            let _ = pdf::page_contents(path, &doc, &limits);
        }
        let interp = t.elapsed() / n;
        let t = std::time::Instant::now();
        for _ in 0..n {
            let _ = pdf::read(path, &bytes, &limits);
        }
        let all = t.elapsed() / n;
        let _ = writeln!(out, "load {load:?} interpret {interp:?} read {all:?}");
        return;
    }
    if args.iter().any(|a| a == "--raw") {
        let doc = pdf::load(path, &bytes, &limits).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        let mut pages = pdf::page_contents(path, &doc, &limits).unwrap_or_default();
        for (i, p) in pages.iter_mut().enumerate() {
            let _ = writeln!(
                out,
                "=== page {} rules {} dots {}",
                i + 1,
                p.rules.len(),
                p.dots.len()
            );
            for r in &p.rules {
                let _ = writeln!(out, "rule {:.1} {:.1} {:.1} {:.1}", r.x0, r.y0, r.x1, r.y1);
            }
            for d in &p.dots {
                let _ = writeln!(out, "dot {:.1} {:.1} {:.1}", d.x, d.y, d.size);
            }
            for l in pdf::layout::lines(p) {
                let _ = writeln!(
                    out,
                    "{:6.1} {:6.1} {:5.1}{} {}",
                    l.x0,
                    l.y,
                    l.size,
                    if l.bold { "B" } else { " " },
                    l.text()
                );
            }
        }
        return;
    }
    match pdf::read(path, &bytes, &limits) {
        Ok(doc) => {
            if args.iter().any(|a| a == "--json") {
                let _ = serde_json::to_writer_pretty(&mut out, &doc.blocks);
                let _ = writeln!(out);
            } else {
                for b in &doc.blocks {
                    let _ = writeln!(
                        out,
                        "p{} l{} {:?} {:?} {}",
                        b.page, b.line, b.kind, b.hints, b.text
                    );
                    if !b.cells.is_empty() {
                        let _ = writeln!(out, "    cells: {:?}", b.cells);
                    }
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
}
