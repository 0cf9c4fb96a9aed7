//! Synthetic frameworks for tests, benchmarks and the crash test: varied, deterministic
//! text from a fixed vocabulary, shaped like real council frameworks.

use crate::model::*;

const COUNCILS: [&str; 12] = [
    "Medway Council",
    "Derbyshire County Council",
    "Mansfield District Council",
    "Chesterfield Borough Council",
    "Kent County Council",
    "Leeds City Council",
    "Bristol City Council",
    "Cornwall Council",
    "Norfolk County Council",
    "Camden Council",
    "Gateshead Council",
    "Powys County Council",
];
const LEVELS: [&str; 4] = ["Level 1", "Level 2", "Level 3", "Senior leader"];
const GROUPS: [&str; 4] = [
    "Leading people",
    "Delivering results",
    "Working together",
    "Serving residents",
];
const COMPETENCIES: [&str; 8] = [
    "Coaching and developing others",
    "Collaboration and partnership",
    "Value for money",
    "Resident focus",
    "Communicating with impact",
    "Managing change",
    "Making decisions",
    "Integrity and accountability",
];
const VERBS: [&str; 16] = [
    "coaches",
    "supports",
    "challenges",
    "develops",
    "shares",
    "explains",
    "listens to",
    "collaborates with",
    "plans",
    "delivers",
    "reviews",
    "champions",
    "questions",
    "involves",
    "recognises",
    "prioritises",
];
const OBJECTS: [&str; 16] = [
    "colleagues",
    "residents",
    "partners",
    "the team",
    "service users",
    "budgets",
    "priorities",
    "feedback",
    "performance",
    "new ideas",
    "risks",
    "outcomes",
    "members",
    "suppliers",
    "complaints",
    "data",
];
const MANNERS: [&str; 12] = [
    "openly",
    "with honesty",
    "to achieve value for money",
    "across the organisation",
    "in a timely way",
    "with empathy",
    "using evidence",
    "through regular coaching",
    "in partnership",
    "consistently",
    "with confidence",
    "when things go wrong",
];
const NEGATIVE: [&str; 6] = [
    "Ignores",
    "Blames others for",
    "Avoids",
    "Dismisses",
    "Rarely considers",
    "Undermines",
];

/// A tiny deterministic generator: reproducible data without a `rand` dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

/// Framework number `n` with about `indicators` indicators.
pub fn framework(n: usize, indicators: usize, seed: u64) -> Framework {
    let mut r = Lcg(seed ^ (n as u64).wrapping_mul(0x9E3779B97F4A7C15));
    let council = COUNCILS[n % COUNCILS.len()];
    let id = format!("synthetic-{n:05}");
    let per = (indicators / COMPETENCIES.len()).max(1);
    let mut competencies = Vec::new();
    for (ci, name) in COMPETENCIES.iter().enumerate() {
        let cid = format!("{id}/{}", slug(name));
        let mut inds = Vec::new();
        for k in 0..per {
            let negative = r.next().is_multiple_of(4);
            let text = if negative {
                format!(
                    "{} {} {}",
                    r.pick(&NEGATIVE),
                    r.pick(&OBJECTS),
                    r.pick(&MANNERS)
                )
            } else {
                format!(
                    "{} {} {}",
                    r.pick(&VERBS),
                    r.pick(&OBJECTS),
                    r.pick(&MANNERS)
                )
            };
            let mut text = text;
            text[..1].make_ascii_uppercase();
            inds.push(Indicator {
                id: format!("{cid}/{k}"),
                text,
                level: Some(LEVELS[k % LEVELS.len()].to_string()),
                polarity: if negative {
                    Polarity::Negative
                } else {
                    Polarity::Positive
                },
                source: Provenance {
                    page: (ci + 1) as u32,
                    line: (k + 1) as u32,
                },
            });
        }
        competencies.push(Competency {
            id: cid,
            code: Some(format!("C{}", ci + 1)),
            name: name.to_string(),
            group: Some(GROUPS[ci % GROUPS.len()].to_string()),
            description: Some(format!("How we {} at {council}", name.to_lowercase())),
            covers: Vec::new(),
            notes: Vec::new(),
            indicators: inds,
        });
    }
    Framework {
        schema_version: SCHEMA_VERSION,
        id: id.clone(),
        council: Some(council.to_string()),
        council_from: Some("manifest".into()),
        title: Some(format!("{council} behaviours framework")),
        source: Source {
            path: format!("synthetic/{id}.txt"),
            format: "txt".into(),
            sha256: format!("{:064x}", seed.wrapping_add(n as u64)),
            pages: Some(COMPETENCIES.len() as u32),
        },
        levels: LEVELS
            .iter()
            .enumerate()
            .map(|(i, l)| Level {
                label: l.to_string(),
                rank: i as u32 + 1,
                description: None,
            })
            .collect(),
        groups: GROUPS
            .iter()
            .map(|g| Group {
                name: g.to_string(),
                code: None,
                description: None,
            })
            .collect(),
        competencies,
        warnings: Vec::new(),
    }
}

/// `count` frameworks of about `indicators` indicators each.
pub fn frameworks(count: usize, indicators: usize, seed: u64) -> Vec<Framework> {
    (0..count).map(|n| framework(n, indicators, seed)).collect()
}
