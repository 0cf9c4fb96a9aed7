//! A synthetic corpus: fictitious councils' frameworks built from the seed frameworks'
//! material with realistic variation, written in several layouts. Deterministic for a seed.
//! Used for benchmarks and for round-trip tests (a generated document must extract back into
//! the Framework it was generated from).

mod layout;
mod rng;
mod vary;
mod write_docx;
mod write_pdf;
mod write_text;

pub use layout::{Layout, layout_blocks};
pub use rng::Rng;
pub use write_docx::write_docx;
pub use write_pdf::{PdfStyle, TextShowing, write_pdf};
pub use write_text::write_text;

use crate::document::{Document, Format, sha256_hex};
use crate::extract;
use crate::model::{
    Competency, Framework, Group, Indicator, Level, Polarity, Provenance, SCHEMA_VERSION, Source,
    slug,
};
use std::path::PathBuf;
use std::sync::LazyLock;

/// One competency's material from a seed: name, description and indicators (text, negative).
#[derive(Debug, Clone)]
pub struct Material {
    pub name: String,
    pub description: Option<String>,
    pub positive: Vec<String>,
    pub negative: Vec<String>,
}

const SEEDS: [(&str, &str); 5] = [
    (
        "derbyshire.txt",
        include_str!("../../corpus/derbyshire-senior-leaders.txt"),
    ),
    (
        "mansfield.txt",
        include_str!("../../corpus/mansfield-leadership.txt"),
    ),
    (
        "family.txt",
        include_str!("../../corpus/leadership-family-grades-9-up.txt"),
    ),
    (
        "chesterfield.txt",
        include_str!("../../corpus/chesterfield-level-2.txt"),
    ),
    (
        "medway.txt",
        include_str!("../../corpus/medway-senior-management.txt"),
    ),
];

/// Every seed competency, extracted by our own pipeline from the embedded seed texts.
pub static MATERIAL: LazyLock<Vec<Material>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (name, text) in SEEDS {
        let Ok(doc) =
            crate::document::text::read(&PathBuf::from(name), text.as_bytes(), Format::Txt)
        else {
            continue;
        };
        for c in extract::recognize(&doc).competencies {
            let (neg, pos): (Vec<_>, Vec<_>) = c
                .indicators
                .iter()
                .partition(|i| i.polarity == Polarity::Negative);
            out.push(Material {
                name: c.name.clone(),
                description: c
                    .description
                    .clone()
                    .map(|d| d.split("\n\n").next().unwrap_or("").to_string()),
                positive: pos.into_iter().map(|i| i.text.clone()).collect(),
                negative: neg.into_iter().map(|i| i.text.clone()).collect(),
            });
        }
    }
    out
});

const PLACE_A: [&str; 16] = [
    "North", "South", "East", "West", "Upper", "Lower", "Great", "Little", "Old", "New", "High",
    "Long", "Broad", "Fair", "Green", "Stone",
];
const PLACE_B: [&str; 16] = [
    "ash", "brook", "field", "ford", "ham", "ley", "mere", "moor", "wick", "worth", "bury", "dale",
    "gate", "ton", "well", "wood",
];
const KIND: [&str; 4] = ["District", "Borough", "County", "City"];
const GROUP_NAMES: [&str; 10] = [
    "Leading People",
    "Delivering Results",
    "Working Together",
    "Shaping the Future",
    "Serving Communities",
    "Personal Effectiveness",
    "Managing Resources",
    "Innovation and Change",
    "Integrity and Values",
    "Partnerships",
];

/// A council name that is plausible and fictitious: "West Ashford Borough Council".
pub fn council_name(rng: &mut Rng) -> String {
    let a = rng.pick(&PLACE_A);
    let b = rng.pick(&PLACE_B);
    let stem = rng.pick(&[
        "Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol", "Kir", "Mal", "Ox", "Pen", "Rad",
        "Sal", "Thorn", "Wen",
    ]);
    format!("{a} {stem}{b} {} Council", rng.pick(&KIND))
}

/// Generate framework number `n` of a corpus made with `seed`, and the layout to write it in.
pub fn framework(seed: u64, n: u64) -> (Framework, Layout) {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let layout = Layout::ALL[rng.below(Layout::ALL.len())];
    let council = council_name(&mut rng);
    let id = format!("synth-{seed}-{n:05}");
    let level_labels: Vec<String> = match layout {
        Layout::RatingLists => [
            "Below Expectations",
            "Meets Expectations",
            "Exceeds Expectations",
        ]
        .map(String::from)
        .to_vec(),
        Layout::StageLists => (1..=2 + rng.below(3) as u32)
            .map(|i| format!("Stage {i}"))
            .collect(),
        Layout::LevelSections | Layout::LevelTable => (1..=2 + rng.below(3) as u32)
            .map(|i| format!("Level {i}"))
            .collect(),
    };
    let group_count = 2 + rng.below(3);
    let mut group_names: Vec<&str> = GROUP_NAMES.to_vec();
    rng.shuffle(&mut group_names);
    let groups: Vec<Group> = group_names[..group_count]
        .iter()
        .enumerate()
        .map(|(i, g)| Group {
            name: g.to_string(),
            code: Some((i + 1).to_string()),
            description: None,
        })
        .collect();
    // 6 to 18 competencies: 3 to 20 printed pages, about 10 on average.
    let competency_count = 6 + rng.below(13);
    let mut pool: Vec<&Material> = MATERIAL.iter().filter(|m| m.positive.len() >= 2).collect();
    rng.shuffle(&mut pool);
    let mut competencies = Vec::new();
    let mut used_names = std::collections::HashSet::new();
    for m in pool.iter().cycle().take(competency_count * 3) {
        if competencies.len() == competency_count {
            break;
        }
        let name = vary::name(&m.name, &mut rng);
        if !used_names.insert(crate::extract::cues::name_key(&name)) {
            continue;
        }
        let g = competencies.len() * group_count / competency_count;
        let code = format!(
            "{}.{}",
            g + 1,
            competencies
                .iter()
                .filter(|c: &&Competency| c.group.as_deref() == Some(&groups[g].name))
                .count()
                + 1
        );
        let cid = format!("{id}/{code}");
        let mut indicators = Vec::new();
        let scale: Vec<(Option<&str>, Polarity)> = match layout {
            Layout::RatingLists => vec![
                (Some(level_labels[0].as_str()), Polarity::Negative),
                (Some(level_labels[1].as_str()), Polarity::Positive),
                (Some(level_labels[2].as_str()), Polarity::Positive),
            ],
            _ => level_labels
                .iter()
                .map(|l| (Some(l.as_str()), Polarity::Positive))
                .chain([(None, Polarity::Negative)])
                .collect(),
        };
        // Draw without replacement, so a competency never repeats a behaviour.
        let mut positive: Vec<&String> = m.positive.iter().collect();
        let mut negative: Vec<&String> = m.negative.iter().collect();
        rng.shuffle(&mut positive);
        rng.shuffle(&mut negative);
        for (level, polarity) in scale {
            let per_cell = if layout == Layout::LevelTable && level.is_some() {
                1
            } else {
                1 + rng.below(3)
            };
            for _ in 0..per_cell {
                let from_negative = polarity == Polarity::Negative && !m.negative.is_empty();
                let pool = if from_negative {
                    &mut negative
                } else {
                    &mut positive
                };
                // A real framework never leaves a level empty: reuse a behaviour, reworded.
                let fallback = if from_negative {
                    &m.negative
                } else {
                    &m.positive
                };
                let base = match pool.pop() {
                    Some(b) => b,
                    None => rng.pick(fallback),
                };
                let mut text = vary::sentence(base, &mut rng);
                if polarity == Polarity::Negative && m.negative.is_empty() {
                    text = format!("Does not {}", vary::lower_first(&vary::base_form(&text)));
                }
                if layout == Layout::LevelTable && level.is_none() {
                    text = text.replace(';', ",");
                }
                indicators.push(Indicator {
                    id: String::new(),
                    text,
                    level: level.map(String::from),
                    polarity,
                    source: Provenance::default(),
                });
            }
        }
        competencies.push(Competency {
            id: cid,
            code: Some(code),
            name,
            group: Some(groups[g].name.clone()),
            description: m
                .description
                .clone()
                .filter(|d| !d.is_empty())
                .map(|d| vary::sentence(&d, &mut rng)),
            covers: Vec::new(),
            notes: Vec::new(),
            indicators,
        });
    }
    let levels = level_labels
        .iter()
        .enumerate()
        .map(|(i, l)| Level {
            label: l.clone(),
            rank: i as u32 + 1,
            description: None,
        })
        .collect();
    let fw = Framework {
        schema_version: SCHEMA_VERSION,
        id: id.clone(),
        council: Some(council.clone()),
        council_from: Some("text".into()),
        title: Some(format!(
            "{} Competency Framework",
            rng.pick(&["Leadership", "Management", "Staff", "Senior Leaders"])
        )),
        source: Source {
            path: format!("{}.txt", slug(&id)),
            format: "txt".into(),
            sha256: String::new(),
            pages: None,
        },
        levels,
        groups,
        competencies,
        warnings: Vec::new(),
    };
    (fw, layout)
}

/// A generated framework as a text document.
pub fn render_text(fw: &Framework, layout: Layout) -> String {
    write_text(&layout_blocks(fw, layout))
}

/// Write a generated framework as a text document and read it back as the reader would.
pub fn as_document(fw: &Framework, layout: Layout) -> Document {
    let text = render_text(fw, layout);
    let mut doc = crate::document::text::read(
        &PathBuf::from(&fw.source.path),
        text.as_bytes(),
        Format::Txt,
    )
    .expect("generated text is readable");
    doc.sha256 = sha256_hex(text.as_bytes());
    doc
}

/// How a framework's PDF shows its text: varied across a corpus, fixed per framework.
pub fn pdf_style(fw: &Framework) -> PdfStyle {
    let h = fw
        .id
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    let mut rng = Rng::new(h);
    PdfStyle {
        showing: *rng.pick(&[TextShowing::Lines, TextShowing::Kerned, TextShowing::Words]),
        to_unicode: rng.chance(50),
        shape_bullets: rng.chance(30),
        columns: 1,
    }
}

/// A generated framework as a file of the given format.
pub fn render(fw: &Framework, layout: Layout, format: Format) -> Result<Vec<u8>, String> {
    let blocks = layout_blocks(fw, layout);
    match format {
        Format::Txt | Format::Md => Ok(write_text(&blocks).into_bytes()),
        Format::Docx => write_docx(&blocks),
        Format::Pdf => write_pdf(&blocks, pdf_style(fw)),
        other => Err(format!("synth cannot write {} yet", other.as_str())),
    }
}

/// Write `count` generated documents, cycling through `formats`, and a `manifest.csv`.
pub fn write_corpus(
    out: &std::path::Path,
    seed: u64,
    count: u64,
    formats: &[Format],
    expected: bool,
) -> Result<u64, String> {
    use rayon::prelude::*;
    if formats.is_empty() {
        return Err("no output format given".into());
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let rows: Result<Vec<String>, String> = (0..count)
        .into_par_iter()
        .map(|n| {
            let (fw, layout) = framework(seed, n);
            let format = formats[n as usize % formats.len()];
            let name = format!("{}-{}.{}", fw.id, layout.name(), format.as_str());
            let path = out.join(&name);
            let bytes = render(&fw, layout, format)?;
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            if expected {
                let json = serde_json::to_vec_pretty(&fw).map_err(|e| e.to_string())?;
                let p = out.join(format!("{}.expected.json", fw.id));
                std::fs::write(&p, json).map_err(|e| format!("{}: {e}", p.display()))?;
            }
            let council = fw.council.unwrap_or_default();
            Ok(format!("{name},{council},{}\n", layout.name()))
        })
        .collect();
    let mut manifest = String::from("file,council,layout\n");
    for r in rows? {
        manifest.push_str(&r);
    }
    let p = out.join(crate::manifest::FILE_NAME);
    std::fs::write(&p, manifest).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(count)
}
