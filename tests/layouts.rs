//! Frameworks in layouts the seeds do not use (fixtures/layouts/): the recognizer must work
//! from general cues.

use competency_atlas::Framework;
use competency_atlas::model::Polarity;
use competency_atlas::pipeline::{self, Options};
use std::path::Path;

fn extract(name: &str) -> Framework {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/layouts")
        .join(name);
    pipeline::extract_file(&path, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

type Row = (String, Option<String>, Option<String>, Polarity);

fn names(fw: &Framework) -> Vec<&str> {
    fw.competencies.iter().map(|c| c.name.as_str()).collect()
}

fn ranked_levels(fw: &Framework) -> Vec<(&str, u32)> {
    fw.levels
        .iter()
        .map(|l| (l.label.as_str(), l.rank))
        .collect()
}

fn described_levels(fw: &Framework) -> Vec<(&str, Option<&str>)> {
    fw.levels
        .iter()
        .map(|l| (l.label.as_str(), l.description.as_deref()))
        .collect()
}

/// (level, text) of each indicator of competency `c`.
fn by_level(fw: &Framework, c: usize) -> Vec<(Option<&str>, &str)> {
    fw.competencies[c]
        .indicators
        .iter()
        .map(|i| (i.level.as_deref(), i.text.as_str()))
        .collect()
}

fn level_labels(fw: &Framework) -> Vec<&str> {
    fw.levels.iter().map(|l| l.label.as_str()).collect()
}

fn rows(fw: &Framework) -> Vec<Row> {
    fw.indicators()
        .map(|(c, i)| (c.name.clone(), c.group.clone(), i.level.clone(), i.polarity))
        .collect()
}

#[test]
fn markdown_headings_with_levels_inside_competencies() {
    let fw = extract("markdown-levels-in-competencies.md");
    assert_eq!(fw.council.as_deref(), Some("Borsetshire County Council"));
    assert_eq!(fw.council_from.as_deref(), Some("text"));
    assert_eq!(names(&fw), ["Teamwork", "Communication", "Customer Focus"]);
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["Working Together", "Delivering Outcomes"]);
    assert_eq!(
        fw.competencies[2].group.as_deref(),
        Some("Delivering Outcomes")
    );
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("Working with others to achieve shared goals.")
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (12, 3));
    let r = rows(&fw);
    assert_eq!(r[0].2.as_deref(), Some("Level 1"));
    assert_eq!(
        r[4],
        (
            "Teamwork".into(),
            Some("Working Together".into()),
            None,
            Polarity::Negative
        )
    );
}

#[test]
fn positive_and_negative_lists_without_levels() {
    let fw = extract("positive-negative-lists.txt");
    assert_eq!(fw.council.as_deref(), Some("Anytown Borough Council"));
    let names: Vec<_> = fw
        .competencies
        .iter()
        .map(|c| (c.code.as_deref(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (Some("1"), "Leading People"),
            (Some("2"), "Managing Resources"),
            (Some("3"), "Innovation")
        ]
    );
    assert!(
        fw.groups.is_empty(),
        "an introduction heading is not a theme: {:?}",
        fw.groups
    );
    assert!(fw.levels.is_empty());
    assert_eq!((fw.indicator_count(), fw.negative_count()), (11, 4));
    assert!(fw.indicators().all(|(_, i)| i.level.is_none()));
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("Inspiring and developing others.")
    );
}

#[test]
fn effective_ineffective_columns() {
    let fw = extract("effective-ineffective-table.txt");
    assert_eq!(names(&fw), ["Communication", "Planning", "Delegation"]);
    assert!(fw.groups.is_empty());
    assert_eq!((fw.indicator_count(), fw.negative_count()), (6, 3));
    let neg: Vec<_> = fw
        .indicators()
        .filter(|(_, i)| i.polarity == Polarity::Negative)
        .map(|(_, i)| i.text.as_str())
        .collect();
    assert_eq!(
        neg,
        [
            "Talks over people",
            "Misses deadlines",
            "Keeps all decisions to self"
        ]
    );
}

#[test]
fn level_sections_repeat_competencies() {
    let fw = extract("level-sections.md");
    assert_eq!(names(&fw), ["Collaboration", "Integrity"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("Team Member")),
            ("Level 2", Some("Team Leader"))
        ]
    );
    let collab: Vec<_> = fw.competencies[0]
        .indicators
        .iter()
        .map(|i| i.level.as_deref().unwrap())
        .collect();
    assert_eq!(collab, ["Level 1", "Level 1", "Level 2", "Level 2"]);
    assert!(fw.groups.is_empty(), "level sections are not themes");
}

#[test]
fn empty_level_sections_do_not_swallow_the_next_list() {
    let text = "Teamwork\n\nWorking with others.\n\nStage 1 - Starts\n\n- Shares information\n\nStage 2 - Grows\n\nStage 3 - Leads\n\nNegative Indicators - Falls short\n\n- Works alone\n";
    let doc = competency_atlas::pipeline::read_bytes(
        Path::new("x.txt"),
        text.as_bytes(),
        competency_atlas::document::Format::Txt,
        &Default::default(),
    )
    .unwrap();
    let fw = competency_atlas::extract::recognize(&doc);
    let got: Vec<_> = fw
        .indicators()
        .map(|(_, i)| (i.text.as_str(), i.level.as_deref(), i.polarity))
        .collect();
    assert_eq!(
        got,
        [
            ("Shares information", Some("Stage 1"), Polarity::Positive),
            ("Works alone", None, Polarity::Negative)
        ]
    );
}

/// Headings typed on the line above their text with no blank line between, numbered
/// competencies under lettered clusters, tiers, and "What this competency does not look
/// like" for the negatives.
#[test]
fn headings_above_their_text_tiers_and_looks_like_negatives() {
    let fw = extract("heading-above-text-tiers-and-looks-like.txt");
    assert_eq!(fw.council.as_deref(), Some("Northshire District Council"));
    assert_eq!(
        fw.title.as_deref(),
        Some("Behavioural Competency Framework 2024")
    );
    assert_eq!(names(&fw), ["Communication", "Teamwork", "Customer focus"]);
    let codes: Vec<_> = fw.competencies.iter().map(|c| c.code.as_deref()).collect();
    assert_eq!(codes, [Some("1"), Some("2"), Some("3")]);
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["Working with others", "Delivering services"]);
    assert_eq!(level_labels(&fw), ["Tier 1", "Tier 2", "Tier 3"]);
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("Sharing information clearly and listening to others.")
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (19, 4));
    let r = rows(&fw);
    assert_eq!(
        r[7],
        (
            "Communication".into(),
            Some("Working with others".into()),
            None,
            Polarity::Negative
        )
    );
    assert_eq!(r[9].2.as_deref(), Some("Tier 1"));
    assert_eq!(r[18].3, Polarity::Negative);
}

/// The council's name as the top heading (a letterhead, not the title), typed competency
/// numbers ("Behaviour 1: …"), lettered bands as levels, bare "Effective" / "Ineffective"
/// headings over ✓ / ✗ lists.
#[test]
fn lettered_bands_typed_numbers_and_bare_effective_ineffective() {
    let fw = extract("bands-ticks-and-crosses.md");
    assert_eq!(fw.council.as_deref(), Some("Westvale Borough Council"));
    assert_eq!(fw.title.as_deref(), Some("Our Behaviours Framework"));
    assert!(fw.groups.is_empty(), "{:?}", fw.groups);
    assert_eq!(names(&fw), ["Open and honest", "Ambitious for Westvale"]);
    let codes: Vec<_> = fw.competencies.iter().map(|c| c.code.as_deref()).collect();
    assert_eq!(codes, [Some("1"), Some("2")]);
    assert_eq!(
        ranked_levels(&fw),
        [("Band A", 1), ("Band B", 2), ("Band C", 3)]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (12, 2));
    let r = rows(&fw);
    assert_eq!(r[3].2.as_deref(), Some("Band C"));
    assert_eq!(
        r[6],
        ("Open and honest".into(), None, None, Polarity::Negative)
    );
    assert_eq!(r[4].3, Polarity::Positive);
}

/// Named levels are recognised by repetition: the same sub-headings, in the same order, over
/// lists under every competency.
#[test]
fn named_levels_repeated_under_every_competency() {
    let fw = extract("named-levels-repeated.txt");
    assert_eq!(fw.council.as_deref(), Some("Eastport City Council"));
    assert_eq!(names(&fw), ["Communicating", "Working with partners"]);
    assert_eq!(
        ranked_levels(&fw),
        [("All staff", 1), ("Managers", 2), ("Senior leaders", 3)]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (9, 0));
    let r = rows(&fw);
    assert_eq!(
        r[5],
        (
            "Working with partners".into(),
            None,
            Some("All staff".into()),
            Polarity::Positive
        )
    );
    assert_eq!(r[8].2.as_deref(), Some("Senior leaders"));
}

/// One column per level, one row per competency.
#[test]
fn level_columns_table() {
    let fw = extract("level-columns-table.txt");
    assert_eq!(fw.council.as_deref(), Some("Southmoor Council"));
    assert_eq!(names(&fw), ["Communication", "Teamwork", "Customer focus"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2", "Level 3"]);
    assert_eq!(fw.indicator_count(), 9);
    let r = rows(&fw);
    assert_eq!(r[4].2.as_deref(), Some("Level 2"));
    assert_eq!(
        fw.competencies[1].indicators[1].text,
        "Builds a supportive team"
    );
}

/// "Name – sentence." competency lines, levels tagged on each indicator ("(L2) …").
#[test]
fn inline_level_tags_and_name_dash_description() {
    let fw = extract("inline-level-tags.txt");
    assert_eq!(fw.council.as_deref(), Some("Riverton County Council"));
    assert_eq!(fw.title.as_deref(), Some("Core Competencies"));
    assert_eq!(
        names(&fw),
        [
            "Developing others",
            "Valuing diversity",
            "Managing resources"
        ]
    );
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("We help colleagues grow and learn.")
    );
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["PEOPLE", "RESULTS"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2", "Level 3"]);
    assert_eq!(fw.indicator_count(), 10);
    let r = rows(&fw);
    assert_eq!(r[2].2.as_deref(), Some("Level 2"));
    assert_eq!(
        fw.competencies[0].indicators[2].text,
        "Coaches team members to improve"
    );
    assert_eq!(r[9].1.as_deref(), Some("RESULTS"));
}

/// A marker and its indicators in one paragraph, separated by semicolons.
#[test]
fn inline_markers_with_semicolon_lists() {
    let fw = extract("inline-markers-semicolons.md");
    assert_eq!(fw.council.as_deref(), Some("Hillford Council"));
    assert_eq!(fw.title.as_deref(), Some("Management Competency Framework"));
    assert_eq!(names(&fw), ["Teamwork", "Decision making"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (12, 3));
    let texts: Vec<_> = fw.competencies[0]
        .indicators
        .iter()
        .map(|i| (i.text.as_str(), i.level.as_deref(), i.polarity))
        .collect();
    assert_eq!(
        texts[..3],
        [
            ("Helps colleagues", Some("Level 1"), Polarity::Positive),
            ("Shares information", Some("Level 1"), Polarity::Positive),
            (
                "Respects others' views",
                Some("Level 1"),
                Polarity::Positive
            ),
        ]
    );
    assert_eq!(
        texts[6],
        (
            "Blames others when things go wrong",
            None,
            Polarity::Negative
        )
    );
}

/// Level sections whose bullets name their competency ("• Teamwork: …").
#[test]
fn level_sections_with_named_items() {
    let fw = extract("level-sections-named-items.txt");
    assert_eq!(fw.council.as_deref(), Some("Oakdene District Council"));
    assert_eq!(names(&fw), ["Communication", "Teamwork", "Customer care"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("Team Member")),
            ("Level 2", Some("Supervisor")),
            ("Level 3", Some("Manager"))
        ]
    );
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Supports colleagues and shares the load"),
            (Some("Level 2"), "Builds trust within the team"),
            (Some("Level 3"), "Creates partnerships across services"),
        ]
    );
}

/// Capitals: the council's letterhead ("LAKESIDE BOROUGH COUNCIL") and competency names
/// typed straight above their first named level, with no blank line between.
#[test]
fn capitals_and_named_levels() {
    let fw = extract("capitals-and-named-levels.txt");
    assert_eq!(fw.council.as_deref(), Some("Lakeside Borough Council"));
    assert_eq!(fw.title.as_deref(), Some("PEOPLE MANAGER COMPETENCIES"));
    assert_eq!(names(&fw), ["LEADING TEAMS", "MANAGING CHANGE"]);
    assert_eq!(
        ranked_levels(&fw),
        [("Foundation", 1), ("Intermediate", 2), ("Advanced", 3)]
    );
    assert_eq!(fw.indicator_count(), 8);
    let r = rows(&fw);
    assert_eq!(r[0].2.as_deref(), Some("Foundation"));
    assert_eq!(r[7].2.as_deref(), Some("Advanced"));
}

/// A table under each competency heading whose columns are polarities: every cell is one of
/// that competency's indicators.
#[test]
fn polarity_columns_under_each_heading() {
    let fw = extract("polarity-columns-under-headings.txt");
    assert_eq!(fw.council.as_deref(), Some("Greenbank Council"));
    assert_eq!(names(&fw), ["COMMUNICATION", "TEAMWORK"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (6, 3));
    let r = rows(&fw);
    assert_eq!(
        r[1],
        ("COMMUNICATION".into(), None, None, Polarity::Negative)
    );
    assert_eq!(fw.competencies[0].indicators[1].text, "Interrupts others");
    assert_eq!(fw.competencies[1].indicators[0].text, "Shares the load");
}

/// A Markdown pipe table, competencies across and levels down.
#[test]
fn markdown_table_with_levels_down() {
    let fw = extract("markdown-table-levels-down.md");
    assert_eq!(fw.council.as_deref(), Some("Ashby Town Council"));
    assert_eq!(names(&fw), ["Communication", "Teamwork", "Customer focus"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2", "Level 3"]);
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Helps colleagues"),
            (Some("Level 2"), "Builds team spirit"),
            (Some("Level 3"), "Leads across teams"),
        ]
    );
}

/// Each level split into positive and negative lists: a negative indicator keeps its level.
#[test]
fn polarity_subheadings_under_each_level() {
    let fw = extract("level-then-polarity-subheadings.md");
    assert_eq!(fw.council.as_deref(), Some("Fenwick Borough Council"));
    assert_eq!(fw.title.as_deref(), Some("Leadership Behaviours Framework"));
    assert_eq!(names(&fw), ["Leading People", "Managing Change"]);
    assert_eq!(ranked_levels(&fw), [("Level 1", 1), ("Level 2", 2)]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (14, 6));
    let r = rows(&fw);
    assert_eq!(
        r[2],
        (
            "Leading People".into(),
            None,
            Some("Level 1".into()),
            Polarity::Negative
        )
    );
    assert_eq!(
        by_level(&fw, 0)[4],
        (Some("Level 2"), "Coaches managers to develop their teams")
    );
    assert_eq!(
        fw.competencies[1].indicators[6].level.as_deref(),
        Some("Level 2")
    );
    assert_eq!(
        fw.competencies[1].indicators[6].polarity,
        Polarity::Negative
    );
}

/// "1.1", "1.2" under "1. Communication": sub-numbered lines are the competency's items.
#[test]
fn sub_numbered_indicators() {
    let fw = extract("sub-numbered-indicators.txt");
    assert_eq!(fw.council.as_deref(), Some("Kingsbridge District Council"));
    assert_eq!(fw.title.as_deref(), Some("Employee Competency Framework"));
    let names: Vec<_> = fw
        .competencies
        .iter()
        .map(|c| (c.code.as_deref(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (Some("1"), "Communication"),
            (Some("2"), "Working Together"),
            (Some("3"), "Delivering Results"),
            (Some("4"), "Improving Services")
        ]
    );
    assert!(fw.groups.is_empty() && fw.levels.is_empty());
    assert_eq!((fw.indicator_count(), fw.negative_count()), (14, 0));
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("Sharing information clearly and listening to understand.")
    );
    assert_eq!(
        fw.competencies[2].indicators[2].text,
        "Takes responsibility for mistakes, puts them right and shares the lessons with the team"
    );
    assert_eq!(
        by_level(&fw, 3)[0],
        (None, "Suggests practical improvements to processes")
    );
}

/// Form-feed pages with a running header and "Page N of M" footers, a contents page, and a
/// numbered introduction that is the competencies' sibling rather than their group.
#[test]
fn contents_page_and_running_headers() {
    let fw = extract("contents-and-running-headers.txt");
    assert_eq!(fw.council.as_deref(), Some("Westbury Borough Council"));
    assert_eq!(fw.title.as_deref(), Some("Our Competency Framework"));
    assert_eq!(fw.source.pages, Some(5));
    assert_eq!(
        names(&fw),
        [
            "Communicating Effectively",
            "Managing Performance",
            "Using Resources Wisely"
        ]
    );
    assert!(fw.groups.is_empty(), "{:?}", fw.groups);
    assert_eq!(level_labels(&fw), ["Tier 1", "Tier 2", "Tier 3"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (16, 0));
    assert_eq!(
        fw.competencies[1].description.as_deref(),
        Some("Setting standards and helping people meet them.")
    );
    let first = &fw.competencies[2].indicators[0];
    assert_eq!(
        (first.source.page, first.level.as_deref()),
        (5, Some("Tier 1"))
    );
    assert!(fw.warnings.is_empty(), "{:?}", fw.warnings);
}

/// Values as groups ("VALUE: RESPECT"), the behaviours under them as competencies.
#[test]
fn values_as_groups_behaviours_as_competencies() {
    let fw = extract("values-and-behaviours.txt");
    assert_eq!(fw.council.as_deref(), Some("Ravensworth City Council"));
    assert_eq!(fw.title.as_deref(), Some("Our Values and Behaviours"));
    let groups: Vec<_> = fw
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.description.as_deref()))
        .collect();
    assert_eq!(
        groups,
        [
            (
                "RESPECT",
                Some("We treat everyone with dignity and courtesy.")
            ),
            (
                "AMBITION",
                Some("We aim high for our residents and our city.")
            ),
            ("TRUST", None)
        ]
    );
    assert_eq!(
        names(&fw),
        [
            "Listening to others",
            "Valuing difference",
            "Striving to improve",
            "Taking the initiative",
            "Keeping promises",
            "Being open"
        ]
    );
    let groups_of: Vec<_> = fw
        .competencies
        .iter()
        .map(|c| c.group.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        groups_of,
        [
            "RESPECT", "RESPECT", "AMBITION", "AMBITION", "TRUST", "TRUST"
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (12, 0));
    assert!(fw.levels.is_empty());
}

/// Lead-in lines ("At this level you will:", "Behaviours include:") typed straight under a
/// level marker; the words repeated after each level label describe the level.
#[test]
fn lead_in_lines_under_repeated_levels() {
    let fw = extract("lead-in-lines-under-levels.txt");
    assert_eq!(fw.council.as_deref(), Some("Marlow Vale Council"));
    assert_eq!(fw.title.as_deref(), Some("Behaviour Framework 2025"));
    assert_eq!(names(&fw), ["CUSTOMER FOCUS", "WORKING WITH OTHERS"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("Frontline staff")),
            ("Level 2", Some("Supervisors")),
            ("Level 3", Some("Managers"))
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (13, 0));
    assert_eq!(
        by_level(&fw, 1)[..3],
        [
            (Some("Level 1"), "Shares information with colleagues"),
            (Some("Level 1"), "Offers to help when others are busy"),
            (Some("Level 2"), "Builds team spirit"),
        ]
    );
    assert_eq!(
        fw.competencies[1].description.as_deref(),
        Some("Building effective relationships with colleagues and partners.")
    );
}

/// A pipe table with one row per competency and one column per level.
#[test]
fn markdown_table_with_level_columns() {
    let fw = extract("markdown-table-level-columns.md");
    assert_eq!(fw.council.as_deref(), Some("Linfield District Council"));
    assert_eq!(
        fw.title.as_deref(),
        Some("Behavioural Competency Framework")
    );
    assert_eq!(
        names(&fw),
        ["Communication", "Teamwork", "Customer focus", "Innovation"]
    );
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("All staff")),
            ("Level 2", Some("Supervisors")),
            ("Level 3", Some("Managers"))
        ]
    );
    assert_eq!(fw.indicator_count(), 12);
    assert_eq!(
        by_level(&fw, 3),
        [
            (Some("Level 1"), "Suggests small improvements"),
            (Some("Level 2"), "Tests new ways of working"),
            (Some("Level 3"), "Sponsors service redesign"),
        ]
    );
}

/// The same framework as an HTML page and as that page printed by Chromium with its running
/// header and footer in small type: both give the same competencies and indicators.
#[test]
fn html_and_its_browser_printed_pdf_agree() {
    let html = extract("levels-split-by-polarity.html");
    let pdf = extract("levels-split-by-polarity.chromium.pdf");
    assert_eq!(pdf.source.pages, Some(3));
    for fw in [&html, &pdf] {
        assert_eq!(fw.council.as_deref(), Some("Ashcombe District Council"));
        assert_eq!(fw.title.as_deref(), Some("Management Competency Framework"));
        assert_eq!(
            names(fw),
            [
                "Leading People",
                "Managing Resources",
                "Working in Partnership",
                "Political Awareness",
                "Driving Improvement"
            ]
        );
        assert!(fw.groups.is_empty(), "{:?}", fw.groups);
        assert_eq!(ranked_levels(fw), [("Level 1", 1), ("Level 2", 2)]);
        assert_eq!((fw.indicator_count(), fw.negative_count()), (30, 12));
        assert!(fw.warnings.is_empty(), "{:?}", fw.warnings);
    }
    let texts = |fw: &Framework| -> Vec<(String, Option<String>, Polarity)> {
        fw.indicators()
            .map(|(_, i)| (i.text.clone(), i.level.clone(), i.polarity))
            .collect()
    };
    assert_eq!(texts(&html), texts(&pdf));
    assert_eq!(
        by_level(&html, 2)[2..4],
        [
            (Some("Level 1"), "Promises what cannot be delivered"),
            (
                Some("Level 2"),
                "Negotiates shared outcomes with other agencies"
            ),
        ]
    );
    assert_eq!(
        html.competencies[2].indicators[2].polarity,
        Polarity::Negative
    );
}

/// A Word table with a column per level whose cells are bulleted lists: each bullet is an
/// indicator.
#[test]
fn word_table_level_columns_with_bulleted_cells() {
    let fw = extract("level-columns-bulleted-cells.docx");
    assert_eq!(fw.council.as_deref(), Some("Brackenfield Borough Council"));
    assert_eq!(fw.title.as_deref(), Some("Employee Competency Framework"));
    assert_eq!(names(&fw), ["Communication", "Teamwork", "Customer focus"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("All staff")),
            ("Level 2", Some("Team leaders")),
            ("Level 3", Some("Senior managers"))
        ]
    );
    assert_eq!(fw.indicator_count(), 14);
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Helps colleagues meet deadlines"),
            (Some("Level 2"), "Builds a supportive team culture"),
            (Some("Level 2"), "Resolves conflict early"),
            (Some("Level 3"), "Creates joint working across departments"),
            (Some("Level 3"), "Removes barriers between services"),
        ]
    );
}

/// Name, description sentence and polarity heading on consecutive lines: the line after the
/// sentence heads the list below it.
#[test]
fn clusters_and_sub_numbered_competencies_without_blank_lines() {
    let fw = extract("clusters-sub-numbered-competencies-no-blank-lines.txt");
    assert_eq!(fw.council.as_deref(), Some("Greyfriars County Council"));
    assert_eq!(fw.title.as_deref(), Some("Leadership Framework"));
    let names: Vec<_> = fw
        .competencies
        .iter()
        .map(|c| (c.code.as_deref(), c.name.as_str(), c.group.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            (Some("1.1"), "Strategic Thinking", Some("SETTING DIRECTION")),
            (Some("1.2"), "Leading Change", Some("SETTING DIRECTION")),
            (
                Some("2.1"),
                "Managing Performance",
                Some("DELIVERING RESULTS")
            )
        ]
    );
    assert_eq!(
        fw.competencies[1].description.as_deref(),
        Some("Helping people understand and commit to change.")
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (9, 3));
    let r = rows(&fw);
    assert_eq!(r[2].3, Polarity::Negative);
    assert_eq!(r[3].3, Polarity::Positive);
}

/// Pipe-table cells holding several behaviours (`<br>` or inline bullets): one indicator each.
#[test]
fn markdown_table_cells_with_line_breaks_and_inline_bullets() {
    let fw = extract("markdown-table-cells-with-breaks.md");
    assert_eq!(fw.council.as_deref(), Some("Elmstead Borough Council"));
    assert_eq!(names(&fw), ["Communication", "Teamwork", "Customer focus"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("All staff")),
            ("Level 2", Some("Managers"))
        ]
    );
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 0),
        [
            (Some("Level 1"), "Speaks and writes clearly"),
            (Some("Level 1"), "Listens before responding"),
            (Some("Level 2"), "Briefs the team on priorities"),
            (Some("Level 2"), "Adapts style to the audience"),
        ]
    );
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Helps colleagues meet deadlines"),
            (Some("Level 2"), "Builds a supportive team culture"),
            (Some("Level 2"), "Resolves conflict early"),
        ]
    );
}

/// A table of plain column titles, one row per behaviour: the list cell holds the indicators,
/// the plain cell the description. The text and Word versions agree.
#[test]
fn behaviours_table_with_a_bulleted_column() {
    let txt = extract("behaviours-table-bulleted-column.txt");
    let docx = extract("behaviours-table-bulleted-column.docx");
    for fw in [&txt, &docx] {
        assert_eq!(fw.council.as_deref(), Some("Oakhurst District Council"));
        assert_eq!(fw.title.as_deref(), Some("Core Behaviours"));
        assert_eq!(names(fw), ["Honesty", "Respect", "Ambition", "Care"]);
        assert!(fw.levels.is_empty() && fw.groups.is_empty());
        assert_eq!((fw.indicator_count(), fw.negative_count()), (10, 0));
        assert_eq!(
            fw.competencies[1].description.as_deref(),
            Some("Valuing everyone we work with and for.")
        );
        assert_eq!(
            by_level(fw, 0),
            [
                (None, "Admits mistakes and puts them right"),
                (None, "Gives accurate information to residents"),
                (None, "Declares any conflict of interest"),
            ]
        );
    }
    assert_eq!(rows(&txt), rows(&docx));
}

/// One table per competency: a row per level, a column per polarity.
#[test]
fn level_rows_and_polarity_columns_under_each_heading() {
    let fw = extract("level-rows-polarity-columns.md");
    assert_eq!(fw.council.as_deref(), Some("Southfield City Council"));
    assert_eq!(names(&fw), ["Collaboration", "Innovation"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2", "Level 3"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (12, 6));
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("Working with others across and beyond the council.")
    );
    let r = rows(&fw);
    assert_eq!(
        r[3],
        (
            "Collaboration".into(),
            None,
            Some("Level 2".into()),
            Polarity::Negative
        )
    );
    assert_eq!(
        fw.competencies[1].indicators[4].text,
        "Creates a culture of experimentation"
    );
    assert_eq!(
        fw.competencies[1].indicators[4].polarity,
        Polarity::Positive
    );
}

/// Lettered lists typed on the lines straight under their level.
#[test]
fn lettered_lists_under_level_lines() {
    let fw = extract("lettered-lists-under-levels.txt");
    assert_eq!(fw.council.as_deref(), Some("Whitmoor Borough Council"));
    assert_eq!(fw.title.as_deref(), Some("Officer Competency Framework"));
    assert_eq!(names(&fw), ["PLANNING AND ORGANISING", "PROBLEM SOLVING"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2"]);
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 1),
        [
            (
                Some("Level 1"),
                "Identifies problems and reports them promptly"
            ),
            (Some("Level 1"), "Suggests practical solutions"),
            (Some("Level 2"), "Analyses the causes of recurring problems"),
            (Some("Level 2"), "Weighs options before deciding"),
        ]
    );
}

/// An HTML table whose level cells are `<ul>` lists: the lists stay in their cells and give
/// one indicator per item; bracketed words after a level describe it.
#[test]
fn html_table_level_columns_with_list_cells() {
    let fw = extract("level-columns-list-cells.html");
    assert_eq!(fw.council.as_deref(), Some("Redbrook Council"));
    assert_eq!(fw.title.as_deref(), Some("Employee Competency Framework"));
    assert_eq!(
        names(&fw),
        [
            "Communication",
            "Working Together",
            "Customer Focus",
            "Using Resources"
        ]
    );
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("Officer")),
            ("Level 2", Some("Team Leader")),
            ("Level 3", Some("Manager"))
        ]
    );
    assert_eq!(fw.indicator_count(), 18);
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Helps colleagues at busy times"),
            (Some("Level 2"), "Builds a supportive team"),
            (Some("Level 2"), "Resolves conflict early"),
            (Some("Level 3"), "Creates joint teams with partners"),
            (Some("Level 3"), "Removes barriers between services"),
        ]
    );
}

/// Polarity sub-headings inside level sections: the section gives the level, the sub-heading
/// the polarity.
#[test]
fn polarity_lists_inside_level_sections() {
    let fw = extract("level-sections-with-polarity-lists.md");
    assert_eq!(fw.council.as_deref(), Some("Hartwell District Council"));
    assert_eq!(names(&fw), ["Communication", "Teamwork"]);
    assert_eq!(
        described_levels(&fw),
        [("Level 1", Some("Officers")), ("Level 2", Some("Managers"))]
    );
    assert!(fw.groups.is_empty(), "level sections are not themes");
    assert_eq!((fw.indicator_count(), fw.negative_count()), (10, 4));
    let r = rows(&fw);
    assert_eq!(
        r[4],
        (
            "Communication".into(),
            None,
            Some("Level 2".into()),
            Polarity::Negative
        )
    );
    assert_eq!(r[9].2.as_deref(), Some("Level 2"));
    assert_eq!(r[9].3, Polarity::Negative);
}

/// Core and managerial sets as groups, the same framework as Markdown and as Word.
#[test]
fn core_and_managerial_sets_in_markdown_and_word() {
    let md = extract("core-and-managerial.md");
    let docx = extract("core-and-managerial.docx");
    for fw in [&md, &docx] {
        assert_eq!(fw.council.as_deref(), Some("Thornbury City Council"));
        assert_eq!(fw.title.as_deref(), Some("Competency Framework"));
        let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(groups, ["Core Competencies", "Managerial Competencies"]);
        assert_eq!(
            fw.competencies[2].group.as_deref(),
            Some("Managerial Competencies")
        );
        assert!(fw.levels.is_empty());
        assert_eq!((fw.indicator_count(), fw.negative_count()), (11, 4));
    }
    assert_eq!(rows(&md), rows(&docx));
}

/// A two-column table defining the levels up front: descriptions, not a competency.
#[test]
fn level_definitions_table_in_the_preamble() {
    let fw = extract("level-definitions-table.txt");
    assert_eq!(fw.council.as_deref(), Some("Ashwell Borough Council"));
    assert_eq!(fw.title.as_deref(), Some("Behavioural Framework"));
    assert_eq!(names(&fw), ["Acting with Integrity", "Delivering Results"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Level 1", Some("Frontline and support staff")),
            ("Level 2", Some("Supervisors and team leaders")),
            ("Level 3", Some("Managers and heads of service"))
        ]
    );
    assert_eq!(fw.indicator_count(), 8);
    assert_eq!(
        by_level(&fw, 1)[1],
        (Some("Level 2"), "Monitors team performance against targets")
    );
}

/// Layouts read correctly from the start, kept against regressions.
#[test]
fn roman_grade_lettered_domain_and_pillar_layouts() {
    let fw = extract("roman-levels.txt");
    assert_eq!(names(&fw), ["Accountability", "Collaboration"]);
    // Roman numerals stay as the document writes them; the rank is their value.
    assert_eq!(
        ranked_levels(&fw),
        [("Level I", 1), ("Level II", 2), ("Level III", 3)]
    );
    assert_eq!(fw.indicator_count(), 11);

    let fw = extract("grade-range-levels.txt");
    assert_eq!(fw.council.as_deref(), Some("Penmoor Borough Council"));
    assert_eq!(names(&fw), ["Planning and Organising", "Problem Solving"]);
    assert_eq!(
        ranked_levels(&fw),
        [("Grade 1-3", 1), ("Grade 4-6", 2), ("Grade 7-9", 3)]
    );
    assert_eq!(fw.indicator_count(), 11);

    let fw = extract("lettered-levels-named-in-preamble.txt");
    assert_eq!(
        fw.council.as_deref(),
        Some("Castleford Metropolitan Borough Council")
    );
    assert_eq!(names(&fw), ["Resilience", "Openness"]);
    assert_eq!(
        ranked_levels(&fw),
        [("Level A", 1), ("Level B", 2), ("Level C", 3)]
    );
    assert_eq!(fw.indicator_count(), 11);

    let fw = extract("domains-and-hanging-indents.txt");
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["People", "Performance"]);
    assert_eq!(names(&fw), ["Developing Others", "Making Decisions"]);
    assert_eq!(fw.indicator_count(), 8);
    assert_eq!(
        fw.competencies[1].indicators[1].text,
        "Refers decisions upwards when they are outside own authority"
    );

    let fw = extract("pillars-and-lead-ins.txt");
    let groups: Vec<_> = fw.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        groups,
        ["Serving our communities", "Running a good council"]
    );
    assert_eq!(
        names(&fw),
        [
            "Community Engagement",
            "Equality and Inclusion",
            "Financial Awareness",
            "Digital Skills"
        ]
    );
    assert!(fw.levels.is_empty());
    assert_eq!(fw.indicator_count(), 10);
}

/// Bullets typed as text in table cells: the PDF reader keeps each entry apart and agrees with
/// the HTML it was printed from.
#[test]
fn typed_bullets_in_table_cells_html_and_pdf_agree() {
    let html = extract("level-columns-typed-bullets.html");
    let pdf = extract("level-columns-typed-bullets.chromium.pdf");
    for fw in [&html, &pdf] {
        assert_eq!(fw.council.as_deref(), Some("Redbrook Council"));
        assert_eq!(level_labels(fw), ["Level 1", "Level 2", "Level 3"]);
        assert_eq!(fw.indicator_count(), 18);
        assert_eq!(
            by_level(fw, 0),
            [
                (Some("Level 1"), "Writes clearly and accurately"),
                (Some("Level 1"), "Listens before responding"),
                (Some("Level 2"), "Leads team briefings"),
                (Some("Level 2"), "Adapts messages for residents"),
                (Some("Level 3"), "Represents the council in public meetings"),
            ]
        );
    }
    assert_eq!(rows(&html), rows(&pdf));
}

/// Level columns headed by proficiency names alone: levels ranked left to right.
#[test]
fn proficiency_named_level_columns() {
    let fw = extract("proficiency-named-columns.txt");
    assert_eq!(fw.council.as_deref(), Some("Brookfield Council"));
    assert_eq!(fw.title.as_deref(), Some("Leadership Competencies"));
    assert_eq!(names(&fw), ["Vision", "Coaching", "Decision making"]);
    assert_eq!(
        ranked_levels(&fw),
        [("Foundation", 1), ("Intermediate", 2), ("Advanced", 3)]
    );
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Foundation"), "Gives feedback"),
            (Some("Intermediate"), "Coaches team members"),
            (Some("Advanced"), "Builds a coaching culture"),
        ]
    );
}

/// "We do:" / "We don't:" repeat under every behaviour but state polarity, not levels.
#[test]
fn we_do_and_we_dont_lists() {
    let fw = extract("we-do-we-dont.txt");
    assert_eq!(fw.council.as_deref(), Some("Lowbridge City Council"));
    assert_eq!(fw.title.as_deref(), Some("Our Behaviours"));
    assert_eq!(names(&fw), ["Respectful", "Accountable"]);
    assert!(fw.levels.is_empty(), "{:?}", fw.levels);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (7, 3));
    assert!(fw.indicators().all(|(_, i)| i.level.is_none()));
    assert_eq!(
        rows(&fw)[6],
        ("Accountable".into(), None, None, Polarity::Negative)
    );
}

/// The title repeated as the running header of every later page, and bare page numbers.
#[test]
fn title_repeated_as_running_header() {
    let fw = extract("contents-and-title-as-running-header.txt");
    assert_eq!(fw.council.as_deref(), Some("Fairhaven County Council"));
    assert_eq!(fw.title.as_deref(), Some("Managers Competency Framework"));
    assert_eq!(names(&fw), ["Leading People", "Delivering Results"]);
    assert!(fw.groups.is_empty(), "{:?}", fw.groups);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (6, 2));
    assert_eq!(fw.competencies[1].indicators[0].source.page, 3);
    assert!(fw.warnings.is_empty(), "{:?}", fw.warnings);
}

/// The same "Level | Behaviours" table under every competency: rows are levels, each cell's
/// bullets are indicators.
#[test]
fn recurring_level_behaviour_tables_under_each_heading() {
    let fw = extract("level-rows-behaviour-lists.md");
    assert_eq!(fw.council.as_deref(), Some("Millbrook Borough Council"));
    assert_eq!(names(&fw), ["Communication", "Teamwork"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (7, 0));
    assert_eq!(
        by_level(&fw, 0),
        [
            (Some("Level 1"), "Speaks clearly"),
            (Some("Level 1"), "Listens to others"),
            (Some("Level 2"), "Leads team briefings"),
            (Some("Level 2"), "Handles difficult conversations"),
        ]
    );
}

/// Question headings straight above their lines, one sentence a line, and levels typed as
/// item prefixes ("Silver: …") that the preamble names: the prefixes are levels, not names.
#[test]
fn question_headings_and_level_prefixes() {
    let fw = extract("question-headings-level-prefixes.txt");
    assert_eq!(fw.council.as_deref(), Some("Riverford Borough Council"));
    assert_eq!(names(&fw), ["Working Together", "Taking Ownership"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Bronze", Some("all colleagues")),
            ("Silver", Some("team leaders")),
            ("Gold", Some("senior managers"))
        ]
    );
    assert_eq!(
        ranked_levels(&fw),
        [("Bronze", 1), ("Silver", 2), ("Gold", 3)]
    );
    assert_eq!(
        fw.competencies[1].description.as_deref(),
        Some("We take responsibility for our work and our decisions.")
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (10, 3));
    assert_eq!(
        by_level(&fw, 0)[..4],
        [
            (
                Some("Bronze"),
                "Shares information with colleagues promptly."
            ),
            (Some("Bronze"), "Offers help to others when workloads peak."),
            (Some("Silver"), "Brings teams together around shared goals."),
            (
                Some("Gold"),
                "Builds partnerships with other organisations for the benefit of residents."
            ),
        ]
    );
    let negatives: Vec<_> = fw
        .indicators()
        .filter(|(_, i)| i.polarity == Polarity::Negative)
        .map(|(c, i)| (c.name.as_str(), i.level.as_deref(), i.text.as_str()))
        .collect();
    assert_eq!(
        negatives,
        [
            ("Working Together", None, "Keeps information to themselves."),
            (
                "Working Together",
                None,
                "Works in isolation and ignores the impact on others."
            ),
            (
                "Taking Ownership",
                None,
                "Blames others when things go wrong."
            ),
        ]
    );
}

#[test]
fn numbered_headings_with_indicators_of_effective_and_ineffective_performance() {
    let fw = extract("numbered-headings-indicators-of-performance.txt");
    assert_eq!(
        names(&fw),
        [
            "Customer Focus",
            "Working with Others",
            "Managing Resources"
        ]
    );
    assert!(fw.groups.is_empty() && fw.levels.is_empty());
    assert_eq!(
        fw.competencies[1].description.as_deref(),
        Some("Building relationships that get results.")
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (13, 6));
    let last = &fw.competencies[2].indicators;
    assert_eq!(
        (last[2].text.as_str(), last[2].polarity),
        ("Overspends without good reason", Polarity::Negative)
    );
}

/// "Teamwork – working with others …": the lower-case phrase after the dash glosses the name.
#[test]
fn name_and_lower_case_gloss_on_one_line() {
    let fw = extract("name-dash-phrase-headings.txt");
    assert_eq!(names(&fw), ["Teamwork", "Innovation", "Accountability"]);
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("working with others to deliver shared goals")
    );
    assert_eq!(fw.indicator_count(), 8);
}

#[test]
fn ticks_and_crosses_mixed_in_one_list() {
    let fw = extract("ticks-and-crosses-in-one-list.txt");
    assert_eq!(names(&fw), ["Respect", "Integrity", "Ambition"]);
    let polarities = polarities(&fw, 0);
    assert_eq!(
        polarities,
        [
            (Polarity::Positive, "Listens without interrupting"),
            (Polarity::Positive, "Values different views and backgrounds"),
            (Polarity::Negative, "Talks over others in meetings"),
            (Polarity::Negative, "Makes assumptions about people"),
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (11, 5));
}

/// A row per level, the competency named only on its first row: the empty name cell
/// continues the competency above.
#[test]
fn level_rows_with_the_name_in_a_merged_first_column() {
    let fw = extract("level-rows-with-merged-name-column.txt");
    assert_eq!(names(&fw), ["Communication", "Planning", "Teamwork"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2", "Level 3"]);
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Plans own workload"),
            (Some("Level 2"), "Plans the work of the team"),
            (Some("Level 3"), "Sets long-term plans for the service"),
        ]
    );
}

#[test]
fn level_columns_headed_by_whom_they_apply_to() {
    let fw = extract("role-named-level-columns.txt");
    assert_eq!(
        names(&fw),
        ["Communication", "Decision Making", "Customer Focus"]
    );
    assert_eq!(
        ranked_levels(&fw),
        [
            ("All staff", 1),
            ("Team leaders", 2),
            ("Senior managers", 3)
        ]
    );
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 2)[2],
        (
            Some("Senior managers"),
            "Shapes services around community needs"
        )
    );
}

#[test]
fn levels_as_parent_bullets_of_nested_lists() {
    let fw = extract("nested-level-bullets.md");
    assert_eq!(names(&fw), ["Communication", "Resilience"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2", "Level 3"]);
    assert_eq!(fw.indicator_count(), 9);
    assert!(fw.indicators().all(|(_, i)| !i.text.starts_with("Level")));
    assert_eq!(
        by_level(&fw, 1)[1],
        (Some("Level 2"), "Supports the team through change")
    );
}

/// "What we (don't) want to see", the first typed straight below the value's name.
#[test]
fn want_to_see_lists_under_names_typed_above_them() {
    let fw = extract("want-to-see-under-joined-headings.txt");
    assert_eq!(names(&fw), ["Openness", "Fairness"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (7, 3));
    assert_eq!(fw.competencies[0].indicators[2].text, "Keeps bad news back");
    assert_eq!(
        fw.competencies[0].indicators[2].polarity,
        Polarity::Negative
    );
}

#[test]
fn html_definition_lists_with_levels_as_terms() {
    let fw = extract("definition-list-levels.html");
    assert_eq!(fw.council.as_deref(), Some("Eastmoor City Council"));
    assert_eq!(names(&fw), ["Teamwork", "Integrity"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2"]);
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Tells the truth"),
            (Some("Level 2"), "Challenges dishonest behaviour"),
            (Some("Level 2"), "Declares interests"),
        ]
    );
}

/// Named levels repeated under each competency, each with a lead-in line between it and its
/// list: the lead-in does not hide the repetition.
#[test]
fn named_levels_each_over_a_lead_in() {
    let fw = extract("named-levels-with-lead-ins.txt");
    assert_eq!(names(&fw), ["PLANNING AND ORGANISING", "PROBLEM SOLVING"]);
    assert!(fw.groups.is_empty());
    assert_eq!(
        ranked_levels(&fw),
        [("Entry", 1), ("Experienced", 2), ("Leading", 3)]
    );
    assert_eq!(fw.indicator_count(), 9);
    assert_eq!(
        by_level(&fw, 1)[3],
        (Some("Leading"), "Solve complex problems across services")
    );
}

/// Columns aligned with spaces are a table; a cell's wrapped line joins its cell.
#[test]
fn space_aligned_level_columns() {
    let fw = extract("space-aligned-level-columns.txt");
    assert_eq!(names(&fw), ["Communication", "Teamwork", "Customer Focus"]);
    assert_eq!(
        described_levels(&fw),
        [("Level 1", Some("Officer")), ("Level 2", Some("Manager"))]
    );
    assert_eq!(
        by_level(&fw, 1),
        [
            (Some("Level 1"), "Supports colleagues when they are busy"),
            (Some("Level 2"), "Builds an effective team"),
        ]
    );
    assert_eq!(fw.indicator_count(), 6);
}

#[test]
fn space_aligned_polarity_columns_under_each_heading() {
    let fw = extract("space-aligned-polarity-columns.txt");
    assert_eq!(names(&fw), ["Leadership", "Resilience"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (9, 4));
    let leadership: Vec<_> = fw.competencies[0]
        .indicators
        .iter()
        .filter(|i| i.polarity == Polarity::Positive)
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(
        leadership,
        [
            "Sets a clear direction",
            "Inspires others to do their best",
            "Gives credit to the team"
        ]
    );
}

#[test]
fn expected_behaviours_and_behaviours_that_fall_short() {
    let fw = extract("expected-and-fall-short.txt");
    assert_eq!(
        names(&fw),
        ["Listening and Responding", "Improving Services"]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (7, 3));
    assert_eq!(
        fw.competencies[1].indicators[2].polarity,
        Polarity::Negative
    );
}

/// "Highly effective" / "Effective" / "Less effective" under each competency: a rating scale,
/// the bare middle rating one of its levels.
#[test]
fn effectiveness_rating_scale_repeated_under_competencies() {
    let fw = extract("effectiveness-rating-scale.txt");
    assert_eq!(names(&fw), ["Leading People", "Managing Change"]);
    assert_eq!(
        level_labels(&fw),
        ["Highly effective", "Effective", "Less effective"]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (10, 4));
    assert_eq!(
        by_level(&fw, 1)[1],
        (Some("Effective"), "Explains the reasons for change")
    );
}

#[test]
fn markdown_named_levels_as_sub_headings() {
    let fw = extract("markdown-named-levels-as-subheadings.md");
    assert_eq!(fw.council.as_deref(), Some("Kirkby Metropolitan Council"));
    assert_eq!(names(&fw), ["Communicating", "Problem Solving"]);
    assert_eq!(
        ranked_levels(&fw),
        [("Foundation", 1), ("Practitioner", 2), ("Expert", 3)]
    );
    assert_eq!(fw.indicator_count(), 9);
}

/// "Competency: X" / "Definition: …" / "Level 1: a; b" / "Not demonstrated: …" records.
#[test]
fn keyed_field_records() {
    let fw = extract("keyed-field-records.txt");
    assert_eq!(names(&fw), ["Communication", "Teamwork"]);
    assert_eq!(
        fw.competencies[1].description.as_deref(),
        Some("Working with others to achieve shared goals.")
    );
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2"]);
    assert_eq!((fw.indicator_count(), fw.negative_count()), (10, 3));
    let negatives: Vec<_> = fw
        .indicators()
        .filter(|(_, i)| i.polarity == Polarity::Negative)
        .map(|(_, i)| (i.level.as_deref(), i.text.as_str()))
        .collect();
    assert_eq!(
        negatives,
        [
            (None, "Interrupts others"),
            (None, "Uses jargon"),
            (None, "Works in isolation")
        ]
    );
}

/// A paragraph of semicolon-separated behaviours under each level line is that level's list.
#[test]
fn semicolon_paragraphs_under_level_lines() {
    let fw = extract("semicolon-paragraphs-under-levels.txt");
    assert_eq!(names(&fw), ["Customer Care", "Working Safely"]);
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("Putting residents first.")
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (12, 3));
    assert_eq!(
        by_level(&fw, 0)[..3],
        [
            (Some("Level 1"), "Greets residents promptly"),
            (Some("Level 1"), "listens to their needs"),
            (Some("Level 1"), "follows up enquiries"),
        ]
    );
    let last = fw.competencies[1].indicators.last().unwrap();
    assert_eq!(
        (last.level.as_deref(), last.polarity),
        (None, Polarity::Negative)
    );
}

#[test]
fn level_tags_at_the_end_of_each_behaviour() {
    let fw = extract("trailing-level-tags.txt");
    assert_eq!(names(&fw), ["Communication", "Teamwork"]);
    assert_eq!(level_labels(&fw), ["Level 1", "Level 2", "Level 3"]);
    assert_eq!(
        by_level(&fw, 0)[2],
        (Some("Level 2"), "Briefs the team on changes")
    );
    assert_eq!(fw.indicator_count(), 7);
}

/// "+" and "-" bullets side by side: the minus marks what to avoid.
#[test]
fn plus_and_minus_bullets() {
    let fw = extract("plus-and-minus-bullets.txt");
    assert_eq!(names(&fw), ["Honesty", "Helpfulness"]);
    let honesty = polarities(&fw, 0);
    assert_eq!(
        honesty,
        [
            (Polarity::Positive, "Tells the truth"),
            (Polarity::Positive, "Owns up to mistakes"),
            (Polarity::Negative, "Covers up errors"),
            (Polarity::Negative, "Misleads colleagues"),
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (6, 3));
}

#[test]
fn audience_lead_ins_repeated_as_named_levels() {
    let fw = extract("audience-lead-ins-as-levels.txt");
    assert_eq!(names(&fw), ["Delivering Results", "Valuing People"]);
    assert_eq!(level_labels(&fw), ["For all staff", "For managers"]);
    assert_eq!(
        by_level(&fw, 1)[1],
        (Some("For managers"), "Recognises good work")
    );
    assert_eq!(fw.indicator_count(), 7);
}

#[test]
fn questions_asked_once_under_the_name_are_prompts() {
    let fw = extract("question-headings-one-competency.txt");
    assert_eq!(names(&fw), ["Working Together"]);
    assert!(fw.levels.is_empty());
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some(
            "We build good relationships with colleagues, partners and residents to get things done."
        )
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (6, 2));
    assert_eq!(
        fw.competencies[0].indicators[2].text,
        "Silver: Brings teams together around shared goals."
    );
}

/// The same framework as a web page, one `<p>` per line: the prefixed paragraphs are a list's
/// entries, the negatives one paragraph each.
#[test]
fn question_headings_and_level_prefixes_html_agrees_with_text() {
    let text = extract("question-headings-level-prefixes.txt");
    let html = extract("question-headings-level-prefixes.html");
    assert_eq!(names(&html), names(&text));
    assert_eq!(described_levels(&html), described_levels(&text));
    assert_eq!(rows(&html), rows(&text));
    let texts =
        |fw: &Framework| -> Vec<String> { fw.indicators().map(|(_, i)| i.text.clone()).collect() };
    assert_eq!(texts(&html), texts(&text));
}

#[test]
fn looks_like_and_doesnt_look_like_columns() {
    let fw = extract("looks-like-doesnt-look-like-columns.txt");
    assert_eq!(names(&fw), ["Being Respectful", "Being Ambitious"]);
    assert!(fw.groups.is_empty());
    assert_eq!((fw.indicator_count(), fw.negative_count()), (9, 4));
    let last = fw.competencies[0].indicators.last().unwrap();
    assert_eq!(
        (last.text.as_str(), last.polarity),
        ("Speaks politely", Polarity::Positive)
    );
}

#[test]
fn levels_listed_in_the_preamble_then_used_as_prefixes() {
    let fw = extract("levels-listed-in-preamble-as-prefixes.txt");
    assert_eq!(names(&fw), ["Working Together", "Taking Ownership"]);
    assert_eq!(
        described_levels(&fw),
        [
            ("Bronze", Some("all colleagues")),
            ("Silver", Some("team leaders")),
            ("Gold", Some("senior managers"))
        ]
    );
    assert_eq!((fw.indicator_count(), fw.negative_count()), (10, 3));
    assert_eq!(
        by_level(&fw, 1)[0],
        (Some("Bronze"), "Follows through on commitments.")
    );
}

/// No blank line inside a competency: the questions still head the sentence lines below them.
#[test]
fn question_headings_without_any_blank_lines_inside_a_competency() {
    let compact = extract("question-headings-compact.txt");
    let spaced = extract("question-headings-level-prefixes.txt");
    assert_eq!(names(&compact), ["Working Together", "Taking Ownership"]);
    assert_eq!(described_levels(&compact), described_levels(&spaced));
    assert_eq!(rows(&compact), rows(&spaced));
    assert_eq!(
        compact.competencies[0].description,
        spaced.competencies[0].description
    );
}

/// (polarity, text) of competency `c`'s indicators, in order.
fn polarities(fw: &Framework, c: usize) -> Vec<(Polarity, &str)> {
    fw.competencies[c]
        .indicators
        .iter()
        .map(|i| (i.polarity, i.text.as_str()))
        .collect()
}

/// A preamble sentence that says whom every numbered level is for describes the levels,
/// whether it numbers them in brackets or names them with the audience in brackets.
#[test]
fn level_audiences_listed_in_the_preamble() {
    for file in [
        "level-audiences-numbered-in-preamble.txt",
        "level-audiences-bracketed-in-preamble.txt",
    ] {
        let fw = extract(file);
        assert_eq!(names(&fw), ["Communication", "Teamwork"], "{file}");
        let levels: Vec<_> = fw
            .levels
            .iter()
            .map(|l| (l.label.as_str(), l.description.as_deref()))
            .collect();
        assert_eq!(
            levels,
            [
                ("Level 1", Some("all employees")),
                ("Level 2", Some("team leaders")),
                ("Level 3", Some("senior managers")),
            ],
            "{file}"
        );
        assert_eq!(fw.indicator_count(), 7, "{file}");
        assert_eq!(
            by_level(&fw, 0)[2],
            (Some("Level 2"), "Briefs the team on changes promptly.")
        );
    }
}

#[test]
fn lower_case_bullets_separated_by_blank_lines_stay_apart() {
    let fw = extract("lower-case-bullets-blank-separated.txt");
    assert_eq!(names(&fw), ["Listening first", "Owning the outcome"]);
    assert_eq!(
        by_level(&fw, 0),
        [
            (None, "greet every visitor and say who we are"),
            (None, "hear people out before we reply"),
            (None, "check we have understood what was asked"),
        ]
    );
    assert_eq!(fw.competencies[1].indicators.len(), 3);
}

#[test]
fn behaviours_under_polarity_markers_without_a_name_are_an_unnamed_competency() {
    let fw = extract("nameless-polarity-lists-dash-alone.txt");
    assert_eq!(names(&fw), ["Unnamed 1"]);
    let polarities: Vec<Polarity> = fw.competencies[0]
        .indicators
        .iter()
        .map(|i| i.polarity)
        .collect();
    assert_eq!(
        polarities,
        [
            Polarity::Positive,
            Polarity::Positive,
            Polarity::Positive,
            Polarity::Negative,
            Polarity::Negative
        ]
    );
    assert_eq!(
        fw.competencies[0].indicators[0].text,
        "Plans the week ahead and checks progress against it."
    );
    assert!(
        fw.warnings
            .iter()
            .any(|w| w.contains("Unnamed 1") && w.contains("no name")),
        "{:?}",
        fw.warnings
    );
}

#[test]
fn one_behaviour_a_line_without_blank_lines_or_bullets() {
    let fw = extract("one-behaviour-a-line-no-blank-lines.txt");
    let texts: Vec<(&str, Polarity)> = fw
        .indicators()
        .map(|(_, i)| (i.text.as_str(), i.polarity))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "We welcome new colleagues and help them settle in.",
                Polarity::Positive
            ),
            (
                "We share what we know so others can do their jobs. We ask before assuming.",
                Polarity::Positive
            ),
            ("We keep our promises to residents.", Polarity::Positive),
            ("We don't talk over people in meetings.", Polarity::Negative),
            (
                "We don't hide bad news; we raise it early.",
                Polarity::Negative
            ),
            (
                "We don't leave work half done for others to finish.",
                Polarity::Negative
            ),
        ]
    );
}

#[test]
fn a_subheading_recurring_under_every_name_is_not_a_competency() {
    let fw = extract("recurring-behaviours-subheading-and-straplines.txt");
    assert_eq!(
        names(&fw),
        ["Serving Our Communities", "Acting With Integrity"]
    );
    assert_eq!(
        fw.competencies[0].description.as_deref(),
        Some("Keeping people safe comes before everything else we do")
    );
    assert_eq!(fw.competencies[1].indicators.len(), 2);
}

#[test]
fn lists_parted_by_wider_blank_gaps_are_separate_units() {
    let fw = extract("lists-parted-by-blank-lines-no-names.txt");
    let counts: Vec<usize> = fw.competencies.iter().map(|c| c.indicators.len()).collect();
    assert_eq!(counts, [2, 2, 2]);
    assert_eq!(names(&fw)[1..], ["Unnamed 1", "Unnamed 2"]);
}

#[test]
fn a_question_without_its_mark_under_a_name_is_a_prompt() {
    let fw = extract("question-subheading-without-question-mark.txt");
    assert_eq!(names(&fw), ["We are curious"]);
    assert_eq!(
        by_level(&fw, 0)[0],
        (
            Some("Level 1"),
            "I ask colleagues how they would approach a task"
        )
    );
}

#[test]
fn numeric_rating_anchors_are_levels() {
    let fw = extract("numeric-rating-anchors.txt");
    assert_eq!(
        by_level(&fw, 0),
        [
            (
                Some("Level 4"),
                "Always plans several weeks ahead; adjusts plans early when priorities change."
            ),
            (
                Some("Level 3"),
                "Usually plans ahead and meets most deadlines."
            ),
            (
                Some("Level 2"),
                "Sometimes misses deadlines because work was not planned."
            ),
        ]
    );
}

#[test]
fn a_qualifier_before_level_keeps_the_level_heading() {
    let fw = extract("qualified-level-headings.txt");
    assert_eq!(names(&fw), ["Time Keeping"]);
    assert_eq!(
        by_level(&fw, 0),
        [
            (Some("Level 1"), "Arrives on time for meetings."),
            (Some("Level 2"), "Sets realistic timescales for others."),
        ]
    );
}

#[test]
fn pipe_rows_without_leading_pipes_and_cells_over_several_lines() {
    let fw = extract("pipe-rows-multiline-cells.txt");
    assert_eq!(names(&fw), ["Working Safely", "Serving Residents"]);
    // The level column's values ("Advanced") are not read as levels yet: see README.
    let texts: Vec<&str> = by_level(&fw, 0).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        texts,
        [
            "Checks equipment before every shift",
            "Stops work when a hazard appears",
            "Reports near misses the same day",
        ]
    );
    assert_eq!(fw.competencies[1].indicators.len(), 2);
}
