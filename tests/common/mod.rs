//! Hand-written frameworks shaped like the real corpus (several councils, levels, negative
//! indicators, typography), built directly because the recognizer is not on this branch.
#![allow(dead_code)]

use competency_atlas::index::{self, Index};
use competency_atlas::model::*;
use competency_atlas::store::Store;
use std::path::Path;

type Ind<'a> = (&'a str, Option<&'a str>, bool);

pub fn framework(
    id: &str,
    council: &str,
    levels: &[&str],
    comps: &[(&str, &str, &[Ind])],
) -> Framework {
    let competencies = comps
        .iter()
        .enumerate()
        .map(|(ci, (name, group, inds))| {
            let cid = format!("{id}/{}", slug(name));
            Competency {
                id: cid.clone(),
                code: Some(format!("{}", ci + 1)),
                name: name.to_string(),
                group: Some(group.to_string()),
                description: Some(format!("What {name} looks like at {council}")),
                covers: vec![],
                notes: vec![],
                indicators: inds
                    .iter()
                    .enumerate()
                    .map(|(k, (text, level, negative))| Indicator {
                        id: format!("{cid}/{k}"),
                        text: text.to_string(),
                        level: level.map(|l| l.to_string()),
                        polarity: if *negative {
                            Polarity::Negative
                        } else {
                            Polarity::Positive
                        },
                        source: Provenance {
                            page: ci as u32 + 1,
                            line: k as u32 + 10,
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    let mut groups: Vec<Group> = Vec::new();
    for (_, g, _) in comps {
        if !groups.iter().any(|x| x.name == *g) {
            groups.push(Group {
                name: g.to_string(),
                code: None,
                description: None,
            });
        }
    }
    Framework {
        schema_version: SCHEMA_VERSION,
        id: id.into(),
        council: Some(council.into()),
        council_from: Some("manifest".into()),
        title: Some(format!("{council} competency framework")),
        source: Source {
            path: format!("corpus/{id}.txt"),
            format: "txt".into(),
            sha256: format!("{:0>64}", id.len()),
            pages: Some(comps.len() as u32),
        },
        levels: levels
            .iter()
            .enumerate()
            .map(|(i, l)| Level {
                label: l.to_string(),
                rank: i as u32 + 1,
                description: None,
            })
            .collect(),
        groups,
        competencies,
        warnings: vec![],
    }
}

pub fn medway() -> Framework {
    framework(
        "medway-senior-management",
        "Medway Council",
        &["Senior manager", "Head of service"],
        &[
            (
                "Coaching and developing others",
                "Leading people",
                &[
                    (
                        "Coaches team members to improve their performance",
                        Some("Senior manager"),
                        false,
                    ),
                    (
                        "Provides regular coaching and constructive feedback",
                        Some("Head of service"),
                        false,
                    ),
                    (
                        "Avoids coaching conversations with underperforming staff",
                        Some("Senior manager"),
                        true,
                    ),
                    (
                        "Sets clear expectations for the team",
                        Some("Head of service"),
                        false,
                    ),
                ],
            ),
            (
                "Working together",
                "Partnership",
                &[
                    (
                        "Collaborates with partners across the council",
                        Some("Senior manager"),
                        false,
                    ),
                    (
                        "Works in isolation and ignores collaboration opportunities",
                        Some("Head of service"),
                        true,
                    ),
                ],
            ),
            (
                "Resources",
                "Delivering results",
                &[
                    ("Secures value for money in all contracts", None, false),
                    (
                        "Talks about money but ignores the value it brings",
                        None,
                        true,
                    ),
                ],
            ),
        ],
    )
}

pub fn derbyshire() -> Framework {
    framework(
        "derbyshire-senior-leaders",
        "Derbyshire County Council",
        &["Level 1", "Level 2", "Level 3"],
        &[
            (
                "Coaching",
                "People",
                &[
                    (
                        "Uses coaching to build collaborative relationships",
                        Some("Level 1"),
                        false,
                    ),
                    ("Coaches colleagues through change", Some("Level 2"), false),
                    ("Never makes time to coach others", Some("Level 3"), true),
                ],
            ),
            (
                "Financial awareness",
                "Delivering results",
                &[
                    (
                        "Demonstrates value for money thinking",
                        Some("Level 2"),
                        false,
                    ),
                    (
                        "Does not value the money spent on residents",
                        Some("Level 3"),
                        true,
                    ),
                ],
            ),
        ],
    )
}

pub fn mansfield() -> Framework {
    framework(
        "mansfield-leadership",
        "Mansfield District Council",
        &["Team leader", "Manager"],
        &[
            (
                "Collaboration",
                "Working with others",
                &[
                    (
                        "Builds collaborative partnerships with the voluntary sector",
                        Some("Team leader"),
                        false,
                    ),
                    ("Coaches apprentices and volunteers", Some("Manager"), false),
                    (
                        "Refuses to share information with other teams",
                        Some("Manager"),
                        true,
                    ),
                ],
            ),
            (
                "Integrity",
                "Personal qualities",
                &[
                    (
                        "Shows \u{201c}integrity\u{201d} \u{2013} even when it\u{2019}s difficult",
                        Some("Team leader"),
                        false,
                    ),
                    (
                        "Uses m\u{e9}diation to resolve disputes",
                        Some("Manager"),
                        false,
                    ),
                ],
            ),
        ],
    )
}

pub fn all() -> Vec<Framework> {
    vec![medway(), derbyshire(), mansfield()]
}

/// Store and index `fws` under `root` through the library, as `atlas ingest` would.
pub fn build_index(root: &Path, fws: &[Framework]) -> index::SyncReport {
    let store = Store::open(root).unwrap();
    for fw in fws {
        store.write(fw).unwrap();
    }
    let idx = Index::open_or_create(root).unwrap();
    index::sync_with_store(&idx, &store).unwrap()
}
