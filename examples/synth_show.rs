fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (fw, layout) = competency_atlas::synth::framework(42, n);
    println!("{}", competency_atlas::synth::render_text(&fw, layout));
}
