//! Generated frameworks for benchmarks: competencies drawn from real seeds and varied the
//! way councils vary borrowed text (words replaced, clauses dropped or added, word order
//! shuffled), so the candidate-generation paths see realistic near-duplicates at scale.

use crate::model::{Competency, Framework, Indicator, Source};

/// Deterministic xorshift64*; benchmarks must be repeatable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn vary(text: &str, pool: &[&str], rng: &mut Rng) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return text.to_string();
    }
    match rng.below(5) {
        0 => {
            let i = rng.below(words.len());
            words[i] = pool[rng.below(pool.len())].to_string();
        }
        1 => {
            let clauses: Vec<&str> = text.split(", ").collect();
            if clauses.len() > 1 {
                let drop = rng.below(clauses.len());
                return clauses
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != drop)
                    .map(|(_, c)| *c)
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
        2 => {
            let extra: Vec<&str> = (0..4).map(|_| pool[rng.below(pool.len())]).collect();
            return format!("{}, {}", text.trim_end_matches('.'), extra.join(" "));
        }
        3 => {
            let (i, j) = (rng.below(words.len()), rng.below(words.len()));
            words.swap(i, j);
        }
        _ => {}
    }
    words.join(" ")
}

/// `n` frameworks of about `comps` competencies each, every indicator kept with probability
/// `keep`.
pub fn generate(
    seeds: &[Framework],
    n: usize,
    comps: usize,
    keep: f64,
    seed: u64,
) -> Vec<Framework> {
    let pool_comps: Vec<&Competency> = seeds.iter().flat_map(|f| &f.competencies).collect();
    let text: String = pool_comps
        .iter()
        .flat_map(|c| c.indicators.iter().map(|i| i.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let pool: Vec<&str> = text.split_whitespace().collect();
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|k| {
            let id = format!("gen-{k:05}");
            let competencies = (0..comps)
                .map(|ci| {
                    let src = pool_comps[rng.below(pool_comps.len())];
                    let cid = format!("{id}/{ci}");
                    let kept: Vec<&Indicator> =
                        src.indicators.iter().filter(|_| rng.chance(keep)).collect();
                    let indicators = kept
                        .into_iter()
                        .enumerate()
                        .map(|(ii, ind)| Indicator {
                            id: format!("{cid}/{ii}"),
                            text: if rng.chance(0.6) {
                                vary(&ind.text, &pool, &mut rng)
                            } else {
                                ind.text.clone()
                            },
                            ..ind.clone()
                        })
                        .collect();
                    Competency {
                        id: cid,
                        code: None,
                        name: if rng.chance(0.3) {
                            vary(&src.name, &pool, &mut rng)
                        } else {
                            src.name.clone()
                        },
                        group: src.group.clone(),
                        description: src.description.as_ref().map(|d| vary(d, &pool, &mut rng)),
                        covers: src.covers.clone(),
                        notes: Vec::new(),
                        indicators,
                    }
                })
                .collect();
            Framework {
                schema_version: crate::model::SCHEMA_VERSION,
                id: id.clone(),
                council: Some(format!("Generated Council {k}")),
                council_from: None,
                title: Some(format!("Generated framework {k}")),
                source: Source {
                    path: format!("generated/{id}"),
                    format: "txt".into(),
                    sha256: String::new(),
                    pages: None,
                },
                levels: Vec::new(),
                groups: Vec::new(),
                competencies,
                warnings: Vec::new(),
            }
        })
        .collect()
}
