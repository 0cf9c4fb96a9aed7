//! Any bytes given to the docx reader: an error or a document, never a panic or a hang.
#![no_main]
use competency_atlas::document::Format;
use competency_atlas::limits::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { time_budget: std::time::Duration::from_secs(2), ..Limits::default() };
    if let Ok(doc) = competency_atlas::pipeline::read_bytes(std::path::Path::new("fuzz.docx"), data, Format::Docx, &limits) {
        let _ = competency_atlas::extract::recognize(&doc);
    }
});
