fn main() {
    std::process::exit(competency_atlas_cli());
}

fn competency_atlas_cli() -> i32 {
    0
}
