//! The crosswalk on the five seeds, extracted here from `corpus/` (no prebuilt index),
//! against the reviewed gold files in `tests/gold/`.

use competency_atlas::Framework;
use competency_atlas::crosswalk::{
    self, IndicatorOptions, MapOptions, Model, Weights, eval, html, select,
};
use competency_atlas::pipeline::{self, Options};
use std::path::Path;

const SEEDS: [&str; 5] = [
    "chesterfield-level-2.txt",
    "derbyshire-senior-leaders.txt",
    "leadership-family-grades-9-up.txt",
    "mansfield-leadership.txt",
    "medway-senior-management.txt",
];

fn seeds() -> Vec<Framework> {
    SEEDS
        .iter()
        .map(|file| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .join(file);
            let opts = Options::with_manifest_for(&path).unwrap();
            pipeline::extract_file(&path, &opts).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

fn gold_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold")
}

fn evaluation() -> eval::Evaluation {
    eval::evaluate(
        &seeds(),
        &gold_dir(),
        &MapOptions::default(),
        &IndicatorOptions::default(),
    )
    .unwrap()
}

fn show(s: &eval::Scores) -> String {
    format!(
        "precision {:.3} recall {:.3}\nmissed:\n  {}\nspurious:\n  {}",
        s.precision(),
        s.recall(),
        s.missed.join("\n  "),
        s.spurious.join("\n  ")
    )
}

// The floors issue 6 asks for.
#[test]
fn competency_matches_meet_precision_and_recall_floors() {
    let e = evaluation();
    let s = &e.competencies;
    assert!(s.precision() >= 0.85 && s.recall() >= 0.8, "{}", show(s));
}

#[test]
fn shared_origin_indicators_meet_precision_and_recall_floors() {
    let e = evaluation();
    let s = &e.indicators;
    assert!(s.precision() >= 0.95 && s.recall() >= 0.9, "{}", show(s));
}

// What the method achieves today, so a change that makes it worse fails CI.
#[test]
fn competency_matches_do_not_regress() {
    let e = evaluation();
    let s = &e.competencies;
    assert!(s.precision() >= 0.87 && s.recall() >= 0.8, "{}", show(s));
}

#[test]
fn shared_origin_indicators_do_not_regress() {
    let e = evaluation();
    let s = &e.indicators;
    assert!(s.precision() >= 0.97 && s.recall() >= 0.94, "{}", show(s));
}

fn rendered(fws: &[Framework]) -> Vec<String> {
    let model = Model::build(fws, Weights::default());
    let all: Vec<usize> = (0..fws.len()).collect();
    crosswalk::best_matches(&model, &all, &all, &MapOptions::default())
        .iter()
        .map(|m| {
            format!(
                "{} -> {} {:.6} {:?}",
                model.competency(m.from).id,
                model.competency(m.to).id,
                m.score.score,
                model.shared_terms(m.from, m.to, 5)
            )
        })
        .collect()
}

#[test]
fn matches_and_indicator_pairs_are_deterministic_and_sorted() {
    let fws = seeds();
    let a = rendered(&fws);
    assert!(!a.is_empty());
    assert_eq!(a, rendered(&fws));
    let model = Model::build(&fws, Weights::default());
    let all: Vec<usize> = (0..fws.len()).collect();
    let ms = crosswalk::best_matches(&model, &all, &all, &MapOptions::default());
    for w in ms.windows(2) {
        assert!(
            w[0].from < w[1].from
                || (w[0].from == w[1].from
                    && (model.profiles[w[0].to].at.fw < model.profiles[w[1].to].at.fw
                        || w[0].score.score >= w[1].score.score)),
            "not sorted"
        );
    }
    let i1 = crosswalk::shared_indicators(&fws, &IndicatorOptions::default());
    let i2 = crosswalk::shared_indicators(&fws, &IndicatorOptions::default());
    assert_eq!(i1.pairs, i2.pairs);
    assert_eq!(i1.families, i2.families);
}

fn matched(fws: &[Framework], from: &str, to: &str) -> Vec<(String, String)> {
    let model = Model::build(fws, Weights::default());
    let f = select(fws, Some(from));
    let t = select(fws, Some(to));
    crosswalk::best_matches(&model, &f, &t, &MapOptions::default())
        .iter()
        .map(|m| {
            (
                model.competency(m.from).name.clone(),
                model.competency(m.to).name.clone(),
            )
        })
        .collect()
}

#[test]
fn known_correspondences() {
    let fws = seeds();
    let cm = matched(&fws, "chesterfield", "mansfield");
    let can_do: Vec<&str> = cm
        .iter()
        .filter(|(f, _)| f == "Can do")
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(can_do.contains(&"Changing and improving"), "{can_do:?}");
    assert!(can_do.contains(&"Delivering at pace"), "{can_do:?}");
    let dl = matched(&fws, "derbyshire", "leadership-family");
    assert!(
        dl.contains(&("Politically Astute".into(), "Contextual Astuteness".into())),
        "{dl:?}"
    );
    let dm = matched(&fws, "derbyshire", "mansfield");
    assert!(
        dm.contains(&(
            "Collaborative Leadership".into(),
            "Collaborating and partnering".into()
        )),
        "{dm:?}"
    );
    let mw = matched(&fws, "mansfield", "medway");
    assert!(
        mw.iter().any(|(f, t)| f == "Collaborating and partnering"
            && (t == "Collaborative" || t == "Builds relationships")),
        "{mw:?}"
    );
}

/// The one-against-many alignment used at scale gives exactly the pairwise definition.
#[test]
fn fast_alignment_equals_the_pairwise_definition() {
    let fws = seeds();
    let model = Model::build(&fws, Weights::default());
    let mut aligner = crosswalk::align::Aligner::new(model.vocab.len());
    let n = model.profiles.len();
    let mut nonzero = 0;
    for a in 0..n {
        aligner.prepare(&model, a);
        for b in 0..n {
            let fast = aligner.align(&model, b);
            assert_eq!(fast.to_bits(), model.alignment(a, b).to_bits(), "{a} {b}");
            nonzero += (fast > 0.0) as usize;
        }
    }
    assert!(nonzero > n * n / 2, "{nonzero} of {}", n * n);
}

#[test]
fn html_page_escapes_document_text() {
    let mut fws = seeds();
    fws[0].competencies[0].name = "<script>alert(1)</script> & \"quoted\"".into();
    fws[0].council = Some("Evil <img src=x onerror=alert(2)> Council".into());
    let model = Model::build(&fws, Weights::default());
    let all: Vec<usize> = (0..fws.len()).collect();
    let opts = MapOptions {
        top: 1,
        min_score: 0.0,
        ..Default::default()
    };
    let ms = crosswalk::best_matches(&model, &all, &all, &opts);
    let page = html::render(&model, &all, &ms, 0.2);
    assert!(
        !page.to_lowercase().contains("<script"),
        "raw script tag in page"
    );
    assert!(!page.contains("<img"), "raw img tag in page");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
}

#[test]
fn map_command_json_csv_and_indicators() {
    let bin = env!("CARGO_BIN_EXE_atlas");
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let idx_s = idx.to_str().unwrap();
    run(&["ingest", corpus.to_str().unwrap(), "--index", idx_s]);
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "map",
        "--index",
        idx_s,
        "--from",
        "CHESTERFIELD",
        "--to",
        "mansfield",
        "--json",
    ]))
    .unwrap();
    let rows = json.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r["from"]["council"], "Chesterfield Borough Council");
        assert_eq!(r["to"]["framework"], "mansfield-leadership");
        assert!(r["score"].as_f64().unwrap() >= 0.1);
        assert!(!r["shared_terms"].as_array().unwrap().is_empty());
        assert!(r["from"]["source"].as_str().unwrap().ends_with(".txt"));
    }
    let csv = run(&["map", "--index", idx_s, "--csv"]);
    assert!(csv.starts_with("from_council,from_framework,from_competency"));
    let ind: serde_json::Value =
        serde_json::from_str(&run(&["map", "--index", idx_s, "--indicators", "--json"])).unwrap();
    assert!(ind["pairs"].as_array().unwrap().len() >= 30);
    assert!(!ind["families"].as_array().unwrap().is_empty());
    let themes = run(&["map", "--index", idx_s, "--themes"]);
    assert!(
        themes.contains("Theme 1:") && themes.contains("lacking:"),
        "{themes}"
    );
}

#[test]
fn weak_mutual_best_is_kept_only_when_a_third_framework_corroborates_it() {
    let fws = seeds();
    let model = Model::build(&fws, Weights::default());
    let all: Vec<usize> = (0..fws.len()).collect();
    let find = |ms: &[crosswalk::Match]| {
        ms.iter()
            .find(|m| {
                model.competency(m.from).name == "Working effectively with Others"
                    && model.competency(m.to).name == "Collaborating and partnering"
            })
            .map(|m| m.score.score)
    };
    // Over all five frameworks, Derbyshire's "Collaborative Leadership" matches both.
    let s = find(&crosswalk::best_matches(
        &model,
        &all,
        &all,
        &MapOptions::default(),
    ))
    .expect("corroborated match kept");
    assert!(s < MapOptions::default().mutual_min_score, "{s}");
    // The same two frameworks alone: no third framework, so the weak match is dropped.
    let two: Vec<usize> = select(&fws, Some("leadership-family"))
        .into_iter()
        .chain(select(&fws, Some("mansfield")))
        .collect();
    assert_eq!(
        find(&crosswalk::best_matches(
            &model,
            &two,
            &two,
            &MapOptions::default()
        )),
        None
    );
}

/// The definition of `best_matches` written out the slow way: for each competency and each
/// other framework, the top candidates by cosine, each scored from scratch
/// (`Model::score`), those under the floor dropped, the rest within `relative` of the best,
/// at most `top`. A best match is mutual when the target's own list for the source's
/// framework starts with the source.
fn candidate_lists(model: &Model, opts: &MapOptions) -> Vec<Vec<Vec<(usize, f32)>>> {
    let floor = opts
        .min_score
        .min(opts.mutual_min_score)
        .min(opts.corroborated_min_score);
    let n = model.profiles.len();
    let nf = model.frameworks.len();
    (0..n)
        .map(|q| {
            (0..nf)
                .map(|fw| {
                    if fw == model.profiles[q].at.fw as usize {
                        return Vec::new();
                    }
                    let mut by_cos: Vec<usize> = model.profiles_of(fw).collect();
                    // Stable: ties stay in index order.
                    by_cos.sort_by(|&a, &b| model.cosine(q, b).total_cmp(&model.cosine(q, a)));
                    by_cos.truncate(opts.candidates.max(opts.top));
                    let mut scored: Vec<(usize, f32)> = by_cos
                        .into_iter()
                        .map(|p| (p, model.score(q, p).score))
                        .filter(|&(_, s)| s >= floor)
                        .collect();
                    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    if let Some(best) = scored.first().map(|x| x.1) {
                        scored.retain(|x| x.1 >= best * opts.relative);
                    }
                    scored.truncate(opts.top);
                    scored
                })
                .collect()
        })
        .collect()
}

#[test]
fn best_matches_follow_their_definition_on_generated_frameworks() {
    // Twelve frameworks generated from the seeds (words replaced, clauses dropped), so that
    // most pairs of frameworks have close counterparts, ties and near-ties included.
    let fws = crosswalk::synth::generate(&seeds(), 12, 12, 0.7, 7);
    let model = Model::build(&fws, Weights::default());
    // The default keeps three candidates (a fixed-size selection), the other any number.
    let wider = MapOptions {
        top: 5,
        relative: 0.5,
        ..Default::default()
    };
    for opts in [MapOptions::default(), wider] {
        follows_definition(&model, &opts);
    }
}

fn follows_definition(model: &Model, opts: &MapOptions) {
    let fws = model.frameworks;
    let lists = candidate_lists(model, opts);
    let fw = |p: usize| model.profiles[p].at.fw as usize;
    let mutual = |q: usize, p: usize| {
        lists[q][fw(p)].first().map(|x| x.0) == Some(p)
            && lists[p][fw(q)].first().map(|x| x.0) == Some(q)
    };
    let all: Vec<usize> = (0..fws.len()).collect();
    let got = crosswalk::best_matches(model, &all, &all, opts);
    assert!(got.len() > 500, "{} matches", got.len());
    for m in &got {
        // Every score is the pairwise definition's, to the bit, whichever side computed it.
        let s = model.score(m.from, m.to);
        assert_eq!(m.score.score.to_bits(), s.score.to_bits(), "{m:?}");
        assert_eq!(m.score.name.to_bits(), s.name.to_bits(), "{m:?}");
        assert!(lists[m.from][fw(m.to)].iter().any(|x| x.0 == m.to), "{m:?}");
        assert_eq!(m.mutual, mutual(m.from, m.to), "{m:?}");
    }
    // Every candidate kept on its own (score, or mutual best above the mutual floor) is
    // there; weak mutual bests only when corroborated, which is checked elsewhere.
    let mut expected = 0;
    for (q, per_fw) in lists.iter().enumerate() {
        for list in per_fw {
            for (k, &(p, s)) in list.iter().enumerate() {
                let kept =
                    s >= opts.min_score || (k == 0 && mutual(q, p) && s >= opts.mutual_min_score);
                if kept {
                    expected += 1;
                    assert!(
                        got.iter().any(|m| m.from == q && m.to == p),
                        "missing {q} -> {p} ({s})"
                    );
                }
            }
        }
    }
    assert!(expected > 0);
    // A subset of frameworks: only its pairs, each scored by the definition.
    let (from, to) = (vec![0, 3, 5], vec![1, 3, 8, 11]);
    let part = crosswalk::best_matches(model, &from, &to, opts);
    assert!(!part.is_empty());
    for m in &part {
        assert!(from.contains(&fw(m.from)) && to.contains(&fw(m.to)));
        let s = model.score(m.from, m.to);
        assert_eq!(m.score.score.to_bits(), s.score.to_bits(), "{m:?}");
    }
}
