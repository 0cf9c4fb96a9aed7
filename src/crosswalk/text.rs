//! Words → stemmed term ids. Stemming happens once per distinct surface word (a corpus of
//! 150,000 indicators has only a few thousand distinct words), so the Snowball stemmer is
//! never the bottleneck.

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

/// Function words plus the scaffolding of behavioural indicators ("able to", "etc").
/// Domain words ("council", "work") are left to IDF, which discounts them by corpus
/// frequency instead of by fiat.
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "eg",
    "either",
    "etc",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "ie",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "s",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "whilst",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

pub fn is_stop(w: &str) -> bool {
    STOP.binary_search(&w).is_ok()
}

/// Lower-case alphabetic words; digits and punctuation separate words ("team's" → "team", "s").
/// Borrowed when already lower-case ASCII (most words): at a thousand frameworks every
/// indicator is read several times, and a string per word was a good part of the model's
/// build time.
pub fn words(s: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii_lowercase()) {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
}

/// Spelling and wording variants that councils copying each other's frameworks swap freely;
/// folding them lets "staff"/"employees" and "organise"/"organize" count as the same term.
fn canonical(w: &str) -> String {
    match w {
        "employees" | "employee" | "staff" | "workforce" => return "staff".into(),
        "organisation" | "organization" | "organisations" | "organizations" => {
            return "organisation".into();
        }
        "colleagues" | "colleague" => return "colleague".into(),
        _ => {}
    }
    // British/American -ise/-ize (the stemmer keeps them apart).
    for (us, uk) in [
        ("izing", "ising"),
        ("ized", "ised"),
        ("izes", "ises"),
        ("ize", "ise"),
    ] {
        if let Some(stem) = w.strip_suffix(us) {
            if stem.len() >= 3 {
                return format!("{stem}{uk}");
            }
        }
    }
    w.to_string()
}

/// A small, general HR vocabulary of words frameworks use interchangeably for one behaviour,
/// as Snowball stems, each group folded to its first stem. Councils written from different
/// sources name the same competency "Collaborative", "Partnering" or "Working with others";
/// their customers are "residents", "citizens" or "clients"; their decisions are
/// "judgements". Kept deliberately short: every entry merges terms for every framework, so a
/// loose synonym would make unrelated competencies look alike. Used for the competency
/// crosswalk only ([`Vocab::build_folded`]); copy detection keeps words apart.
const SYNONYMS: &[&[&str]] = &[
    &["collabor", "partner", "partnership", "teamwork", "cooper"],
    &["custom", "resid", "citizen", "client"],
    &["decis", "judgement", "judgment"],
    &["coach", "mentor"],
    &["entrepreneuri", "entrepreneur", "commerci"],
    &["integr", "honesti", "honest", "ethic"],
    &["influenc", "persuad", "persuas"],
    &["innov", "creativ"],
];

fn fold_synonym(stem: String) -> String {
    for group in SYNONYMS {
        if group[1..].contains(&stem.as_str()) {
            return group[0].to_string();
        }
    }
    stem
}

/// Maps surface words to term ids (one per stem) and keeps a readable form for each term.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    word_to_term: HashMap<String, u32>,
    /// Shortest surface word seen for each term: "collaborate" reads better than "collabor".
    display: Vec<String>,
}

impl Vocab {
    /// Builds the vocabulary of every non-stop word in `texts`.
    pub fn build<'a, I>(texts: I) -> Vocab
    where
        I: IntoParallelIterator<Item = &'a str>,
    {
        Self::build_with(texts, false)
    }

    /// [`Self::build`], with the stems of each [`SYNONYMS`] group folded into one term.
    pub fn build_folded<'a, I>(texts: I) -> Vocab
    where
        I: IntoParallelIterator<Item = &'a str>,
    {
        Self::build_with(texts, true)
    }

    fn build_with<'a, I>(texts: I, fold: bool) -> Vocab
    where
        I: IntoParallelIterator<Item = &'a str>,
    {
        let distinct: BTreeSet<String> = texts
            .into_par_iter()
            .fold(BTreeSet::new, |mut set, t| {
                for w in words(t) {
                    if !is_stop(&w) && !set.contains(w.as_ref()) {
                        set.insert(w.into_owned());
                    }
                }
                set
            })
            .reduce(BTreeSet::new, |mut a, b| {
                a.extend(b);
                a
            });
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let mut stem_to_term: HashMap<String, u32> = HashMap::new();
        let mut v = Vocab::default();
        // BTreeSet order makes term ids (and so every tie-break downstream) deterministic.
        for w in distinct {
            let c = canonical(&w);
            let mut stem = stemmer.stem(&c).into_owned();
            if fold {
                stem = fold_synonym(stem);
            }
            let next = stem_to_term.len() as u32;
            let id = *stem_to_term.entry(stem).or_insert(next);
            if id as usize == v.display.len() {
                v.display.push(c.clone());
            } else if c.len() < v.display[id as usize].len() {
                v.display[id as usize] = c.clone();
            }
            v.word_to_term.insert(w, id);
        }
        v
    }

    /// Term ids of `text` in order, stop words and unknown words dropped.
    pub fn terms(&self, text: &str) -> Vec<u32> {
        words(text)
            .filter_map(|w| self.word_to_term.get(w.as_ref()).copied())
            .collect()
    }

    pub fn display(&self, term: u32) -> &str {
        &self.display[term as usize]
    }

    pub fn len(&self) -> usize {
        self.display.len()
    }

    pub fn is_empty(&self) -> bool {
        self.display.is_empty()
    }
}

/// Lower-case words without stop words, joined by one space: the form names are compared in.
pub fn normalise_name(s: &str) -> String {
    words(s)
        .filter(|w| !is_stop(w))
        .map(|w| canonical(&w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_list_is_sorted_for_binary_search() {
        let mut s = STOP.to_vec();
        s.sort();
        assert_eq!(s, STOP);
    }

    #[test]
    fn synonyms_fold_only_in_the_folded_vocabulary() {
        let texts = vec!["collaboration partnering residents customers judgement decisions"];
        let f = Vocab::build_folded(texts.clone());
        assert_eq!(f.terms("collaboration"), f.terms("partnering"));
        assert_eq!(f.terms("residents"), f.terms("customers"));
        assert_eq!(f.terms("judgement"), f.terms("decisions"));
        let p = Vocab::build(texts);
        assert_ne!(p.terms("collaboration"), p.terms("partnering"));
    }

    #[test]
    fn inflections_and_variants_share_a_term() {
        let v = Vocab::build(vec![
            "Seeks constructive outcomes, challenges staff",
            "Seek constructive outcome; challenge employees",
            "organize organise",
        ]);
        assert_eq!(
            v.terms("Seeks constructive outcomes, challenges staff"),
            v.terms("Seek constructive outcome; challenge employees")
        );
        assert_eq!(v.terms("organize"), v.terms("organise"));
        assert!(v.terms("the and of").is_empty());
    }
}
