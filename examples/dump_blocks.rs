//! Print the blocks a file reads to, one a line: `cargo run --example dump_blocks -- FILE`.
//! For eyeballing a reader's output against another format of the same document.

use competency_atlas::limits::Limits;
use competency_atlas::pipeline::read_document;

fn main() {
    for arg in std::env::args().skip(1) {
        match read_document(std::path::Path::new(&arg), &Limits::default()) {
            Ok(doc) => {
                for b in &doc.blocks {
                    let h = &b.hints;
                    println!(
                        "{:>3}:{:<4} {:?} lvl={:?} b={} ind={} m={:?} hdr={} st={:?} | {}{}",
                        b.page,
                        b.line,
                        b.kind,
                        h.heading_level,
                        h.bold as u8,
                        h.indent,
                        h.marker,
                        h.header_row as u8,
                        h.style,
                        b.text,
                        if b.cells.is_empty() {
                            String::new()
                        } else {
                            format!("  CELLS{:?}", b.cells)
                        }
                    );
                }
            }
            Err(e) => println!("ERROR {e}"),
        }
    }
}
