//! Write one large PDF (hundreds of pages) from many generated frameworks, for the
//! pdftotext comparison: `cargo run --release --example big_pdf -- OUT.pdf [FRAMEWORKS]`.
use competency_atlas::synth;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "big.pdf".into());
    let n: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let mut blocks = Vec::new();
    for i in 0..n {
        let (fw, layout) = synth::framework(9, i);
        blocks.extend(synth::layout_blocks(&fw, layout));
    }
    let style = synth::PdfStyle {
        showing: synth::TextShowing::Kerned,
        to_unicode: true,
        shape_bullets: false,
        columns: 1,
    };
    let bytes = synth::write_pdf(&blocks, style).expect("PDF written");
    std::fs::write(&out, bytes).expect("file written");
    eprintln!("wrote {out}");
}
