//! The five seed frameworks, extracted from their text files, against what a careful reader
//! finds in them (counts from reading the documents; see README "Seed expectations").

use competency_atlas::Framework;
use competency_atlas::model::Polarity;
use competency_atlas::pipeline::{self, Options};
use std::collections::BTreeMap;
use std::path::Path;

fn extract(file: &str) -> Framework {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(file);
    let opts = Options::with_manifest_for(&path).unwrap();
    pipeline::extract_file(&path, &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn names(fw: &Framework) -> Vec<&str> {
    fw.competencies.iter().map(|c| c.name.as_str()).collect()
}

/// Per competency: indicator counts per level label (None → "all"), negatives under "neg".
fn per_level(fw: &Framework) -> Vec<BTreeMap<String, usize>> {
    fw.competencies
        .iter()
        .map(|c| {
            let mut m = BTreeMap::new();
            for i in &c.indicators {
                let key = match (&i.level, i.polarity) {
                    (Some(l), _) => l.clone(),
                    (None, Polarity::Negative) => "neg".into(),
                    (None, Polarity::Positive) => "all".into(),
                };
                *m.entry(key).or_default() += 1;
            }
            m
        })
        .collect()
}

fn counts(fw: &Framework, labels: &[&str]) -> Vec<Vec<usize>> {
    per_level(fw)
        .iter()
        .map(|m| {
            labels
                .iter()
                .map(|l| m.get(*l).copied().unwrap_or(0))
                .collect()
        })
        .collect()
}

fn find<'a>(fw: &'a Framework, text_start: &str) -> (&'a str, Option<&'a str>, Polarity, &'a str) {
    fw.indicators()
        .find(|(_, i)| i.text.starts_with(text_start))
        .map(|(c, i)| {
            (
                c.name.as_str(),
                i.level.as_deref(),
                i.polarity,
                i.text.as_str(),
            )
        })
        .unwrap_or_else(|| panic!("no indicator starts with {text_start:?}"))
}

fn level_labels(fw: &Framework) -> Vec<(&str, u32)> {
    fw.levels
        .iter()
        .map(|l| (l.label.as_str(), l.rank))
        .collect()
}

#[test]
fn derbyshire_rating_lists() {
    let fw = extract("derbyshire-senior-leaders.txt");
    assert_eq!(fw.council.as_deref(), Some("Derbyshire County Council"));
    assert_eq!(fw.council_from.as_deref(), Some("manifest"));
    assert_eq!(
        names(&fw),
        [
            "Resident & Outcome Focused",
            "Delivering High Performance",
            "Learning Through Delivery",
            "Collaborative Leadership",
            "Influencing and Engaging Across Our Networks",
            "Politically Astute",
            "Strategic Perspective",
            "Intelligent Decision Making",
            "Changing and Improving",
        ]
    );
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Delivering Results",
            "Leading and Working Through Others",
            "Shaping The Future"
        ]
    );
    let by_group: Vec<_> = fw
        .competencies
        .iter()
        .map(|c| c.group.as_deref().unwrap())
        .collect();
    assert_eq!(by_group[3], "Leading and Working Through Others");
    assert_eq!(by_group[8], "Shaping The Future");
    assert_eq!(
        level_labels(&fw),
        [
            ("Below Expectations", 1),
            ("Meets Expectations", 2),
            ("Exceeds Expectations", 3)
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (123, 42));
    assert_eq!(
        counts(
            &fw,
            &[
                "Below Expectations",
                "Meets Expectations",
                "Exceeds Expectations"
            ]
        ),
        [
            [4, 5, 4],
            [4, 4, 4],
            [4, 3, 3],
            [6, 5, 5],
            [5, 5, 5],
            [4, 4, 4],
            [5, 5, 5],
            [5, 5, 5],
            [5, 5, 5],
        ]
    );
    // The bullet that extraction split in two is whole again.
    assert_eq!(
        find(&fw, "Encourages and advocates workplace based learning"),
        (
            "Learning Through Delivery",
            Some("Meets Expectations"),
            Polarity::Positive,
            "Encourages and advocates workplace based learning, ensures colleagues take responsibility for their own learning and share it to build organisational capability"
        )
    );
    let (comp, level, pol, _) = find(&fw, "Fails to keep elected members informed");
    assert_eq!(
        (comp, level, pol),
        (
            "Politically Astute",
            Some("Below Expectations"),
            Polarity::Negative
        )
    );
    // Page furniture ("Lead and Manage the Organisation") is neither group nor indicator.
    assert!(
        fw.indicators()
            .all(|(_, i)| !i.text.contains("the Organisation") || i.text.len() > 40)
    );
    assert!(fw.competencies.iter().all(|c| c.description.is_some()));
    assert!(
        fw.competencies[0]
            .description
            .as_deref()
            .unwrap()
            .starts_with("With a continual focus on the outcomes")
    );
}

#[test]
fn mansfield_level_sections_after_definitions() {
    let fw = extract("mansfield-leadership.txt");
    assert_eq!(fw.council.as_deref(), Some("Mansfield District Council"));
    assert_eq!(
        names(&fw),
        [
            "Seeing the big picture",
            "Changing and improving",
            "Making effective decisions",
            "Leading and communicating",
            "Collaborating and partnering",
            "Building capability for all",
            "Achieving commercial outcomes",
            "Delivering value for money",
            "Managing a quality service",
            "Delivering at pace",
        ]
    );
    let codes: Vec<_> = fw
        .competencies
        .iter()
        .map(|c| c.code.as_deref().unwrap())
        .collect();
    assert_eq!(codes, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Strategic – Setting direction",
            "People – Engaging people",
            "Performance – Delivering results"
        ]
    );
    assert_eq!(
        level_labels(&fw),
        [("Level 1", 1), ("Level 2", 2), ("Level 3", 3)]
    );
    assert_eq!(
        fw.levels[1].description.as_deref(),
        Some("Service Managers")
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (137, 19));
    assert_eq!(
        counts(&fw, &["Level 1", "Level 2", "Level 3", "neg"]),
        [
            [5, 4, 4, 2],
            [5, 4, 4, 2],
            [5, 4, 3, 2],
            [5, 4, 3, 2],
            [6, 4, 3, 2],
            [4, 4, 3, 2],
            [4, 4, 3, 2],
            [4, 4, 2, 2],
            [4, 4, 3, 2],
            [5, 4, 3, 1],
        ]
    );
    // Definitions come from the summary section, before any level section.
    assert!(
        fw.competencies[0]
            .description
            .as_deref()
            .unwrap()
            .starts_with("Seeing the big picture is about")
    );
    let (comp, level, pol, _) = find(&fw, "Be renowned as an effective mentor and coach.");
    assert_eq!(
        (comp, level, pol),
        (
            "Building capability for all",
            Some("Level 1"),
            Polarity::Positive
        )
    );
    let (comp, level, pol, _) = find(
        &fw,
        "Tolerates colleagues operating in rigid, bureaucratic ways.",
    );
    assert_eq!(
        (comp, level, pol),
        ("Changing and improving", None, Polarity::Negative)
    );
    // The council values lists are not indicators.
    assert!(
        fw.indicators()
            .all(|(_, i)| i.text != "Honest" && i.text != "Teamwork")
    );
}

#[test]
fn leadership_family_stages_and_features() {
    let fw = extract("leadership-family-grades-9-up.txt");
    assert_eq!(fw.council, None, "the manifest leaves it unnamed");
    assert!(fw.warnings.iter().any(|w| w.contains("council not named")));
    assert_eq!(
        names(&fw),
        [
            "Self Belief",
            "Self-Awareness",
            "Self-Management",
            "Drive for Improvement in Public Services",
            "Personal Integrity",
            "Seizing the Future",
            "Intellectual Flexibility",
            "Broad Scanning",
            "Contextual Astuteness",
            "Drive for Results",
            "Leading Change through People",
            "Holding to Account",
            "Empowering Others",
            "Effective and strategic influencing",
            "Working effectively with Others",
        ]
    );
    let groups: Vec<_> = fw
        .groups
        .iter()
        .map(|g| (g.code.as_deref(), g.name.as_str()))
        .collect();
    assert_eq!(
        groups,
        [
            (Some("1"), "Personal Qualities"),
            (Some("2"), "Setting Direction"),
            (Some("3"), "Delivering the Service")
        ]
    );
    let labels: Vec<_> = fw.levels.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Stage 1", "Stage 2", "Stage 3", "Stage 4", "Stage 5", "Stage 6"
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (181, 35));
    assert_eq!(
        counts(
            &fw,
            &[
                "Stage 1", "Stage 2", "Stage 3", "Stage 4", "Stage 5", "Stage 6", "neg"
            ]
        )[10],
        [3, 2, 3, 3, 3, 3, 3]
    );
    // "Features of this quality include" lists are kept as notes, not indicators.
    assert!(
        fw.indicators()
            .all(|(_, i)| i.text != "Relishing a challenge.")
    );
    assert!(
        fw.competencies[0]
            .notes
            .iter()
            .any(|n| n == "Relishing a challenge.")
    );
    assert!(
        fw.competencies[0]
            .description
            .as_deref()
            .unwrap()
            .starts_with("The inner confidence")
    );
    let (comp, level, pol, _) = find(&fw, "Is driven by a need for personal kudos");
    assert_eq!(
        (comp, level, pol),
        (
            "Drive for Improvement in Public Services",
            None,
            Polarity::Negative
        )
    );
    // "Stages 1 - …" is Stage 1; a wrapped bullet is one indicator.
    let (comp, level, _, text) = find(&fw, "Is well aware of the relevant interest groups");
    assert_eq!((comp, level), ("Contextual Astuteness", Some("Stage 3")));
    assert!(text.ends_with("uses this understanding to get things done in terms of service improvements and service delivery."));
    assert_eq!(find(&fw, "Identifies key people inside").1, Some("Stage 1"));
}

#[test]
fn chesterfield_value_clusters_one_level() {
    let fw = extract("chesterfield-level-2.txt");
    assert_eq!(fw.council.as_deref(), Some("Chesterfield Borough Council"));
    assert_eq!(
        names(&fw),
        [
            "One council one team",
            "Can do",
            "Customer focused",
            "Honesty and respect"
        ]
    );
    assert_eq!(
        fw.competencies[0].covers,
        ["seeing the bigger picture", "collaboration and partnering"]
    );
    assert_eq!(
        fw.competencies[1].covers,
        [
            "changing and improving",
            "delivering at pace",
            "developing self and others"
        ]
    );
    assert_eq!(level_labels(&fw), [("Level 2", 2)]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (38, 0));
    let per: Vec<usize> = fw.competencies.iter().map(|c| c.indicators.len()).collect();
    assert_eq!(per, [9, 10, 11, 8]);
    assert!(
        fw.indicators()
            .all(|(_, i)| i.level.as_deref() == Some("Level 2"))
    );
    let (comp, _, _, _) = find(&fw, "Seek constructive outcomes in discussions");
    assert_eq!(comp, "One council one team");
}

#[test]
fn medway_level_table() {
    let fw = extract("medway-senior-management.txt");
    assert_eq!(fw.council.as_deref(), Some("Medway Council"));
    assert_eq!(
        fw.title.as_deref(),
        Some("Senior Management Leadership Competency Framework")
    );
    let codes: Vec<_> = fw
        .competencies
        .iter()
        .map(|c| c.code.as_deref().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "1.1.1", "1.1.2", "1.1.3", "1.2.1", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1",
            "4.2", "4.3", "4.4", "4.5", "4.6", "5.1", "5.2", "5.3"
        ]
    );
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Leadership Styles and Behaviours",
            "Inclusive",
            "Partnership Working and Collaboration",
            "Leading High Performing Teams",
            "Creativity and Innovation"
        ]
    );
    assert_eq!(fw.competencies[4].group.as_deref(), Some("Inclusive"));
    assert_eq!(
        level_labels(&fw),
        [
            ("Level 1", 1),
            ("Level 2", 2),
            ("Level 3", 3),
            ("Level 4", 4)
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (130, 54));
    for row in counts(&fw, &["Level 1", "Level 2", "Level 3", "Level 4"]) {
        assert_eq!(row, [1, 1, 1, 1]);
    }
    let neg: Vec<usize> = per_level(&fw)
        .iter()
        .map(|m| m.get("neg").copied().unwrap_or(0))
        .collect();
    assert_eq!(
        neg,
        [2, 1, 3, 3, 4, 2, 4, 4, 2, 1, 2, 4, 3, 4, 5, 4, 2, 1, 3]
    );
    // The row split across a page break is rejoined.
    let (comp, level, _, text) = find(&fw, "Understands what success looks like");
    assert_eq!((comp, level), ("Performance management", Some("Level 1")));
    assert_eq!(
        text,
        "Understands what success looks like for themselves, their team and the wider organisation, and plays an active role in setting and achieving targets and objectives in their area of operations"
    );
    // Semicolon lists in the Ineffective Behaviours row are separate items, link text kept.
    let (comp, level, pol, text) = find(&fw, "Does not embody the");
    assert_eq!(
        (comp, level, pol, text),
        (
            "Ensures results within the context of local government ethical principles and values",
            None,
            Polarity::Negative,
            "Does not embody the Seven Principles of Public Life"
        )
    );
}

#[test]
fn ids_are_stable_and_unique() {
    let a = extract("medway-senior-management.txt");
    let b = extract("medway-senior-management.txt");
    assert_eq!(a, b);
    assert_eq!(a.id, "medway-senior-management");
    assert_eq!(a.competencies[0].id, "medway-senior-management/1.1.1");
    let mut ids: Vec<&str> = a.indicators().map(|(_, i)| i.id.as_str()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn provenance_points_at_the_line() {
    let fw = extract("mansfield-leadership.txt");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/mansfield-leadership.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (_, i) in fw.indicators() {
        let line = lines[i.source.line as usize - 1];
        assert!(
            line.contains(&i.text[..20]),
            "{:?} not on line {}",
            i.text,
            i.source.line
        );
        assert_eq!(i.source.page, 1);
    }
}
