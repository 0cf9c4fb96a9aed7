//! From what a researcher types to a tantivy query. The grammar is tantivy's (phrases,
//! AND/OR/NOT, +/-, `field:`), plus `word~N` fuzzy terms, which tantivy's grammar reads as a
//! plain word: those leaves are rebuilt here as fuzzy term queries.

use super::Index;
use super::analyzer;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, QueryParser, TermSetQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::Field;

/// Fields searched when a query word names no field.
const DEFAULT_FIELDS: [&str; 3] = ["text", "competency", "group"];
/// Field names users may type; the `*_key` and facet fields are internal. Word-analyzed
/// fields come first (see `TEXT_FIELDS`).
pub const USER_FIELDS: [&str; 11] = [
    "text",
    "competency",
    "description",
    "group",
    "council",
    "title",
    "level",
    "polarity",
    "framework",
    "code",
    "indicator",
];
/// Words at least this long get edit-distance-1 matching when the exact query finds nothing.
pub const AUTO_FUZZY_MIN_CHARS: usize = 8;
/// Deepest bracket nesting accepted. tantivy's query grammar recurses once per bracket, so
/// 16k nested brackets overflowed the stack (the process aborted); no real query needs more.
pub const MAX_NESTING: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub struct Parsed {
    pub query: Box<dyn Query>,
    /// Whether some word got automatic fuzziness (so retrying with it may find more).
    pub has_auto_fuzzy: bool,
    /// Analyzed fuzzy terms that can match in `text`, with their edit distance: tantivy's
    /// snippets only highlight exact terms, so these are highlighted separately.
    pub fuzzy_text_terms: Vec<(String, u8)>,
}

fn parser(index: &Index) -> QueryParser {
    let f = index.fields;
    let mut p = QueryParser::for_index(&index.inner, vec![f.text, f.competency, f.group]);
    // Researchers add words to narrow a search, as in every web search box.
    p.set_conjunction_by_default();
    p.set_field_boost(f.text, 2.0);
    p
}

/// Parse `input`; with `auto_fuzzy`, long bare words also match at edit distance 1.
pub fn parse(index: &Index, input: &str, auto_fuzzy: bool) -> Result<Parsed, QueryError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(QueryError(
            "empty query: give some words to search for".into(),
        ));
    }
    check_nesting(trimmed)?;
    let ast = tantivy::query_grammar::parse_query(trimmed).map_err(|_| {
        QueryError(format!(
            "cannot parse query {trimmed:?}: check quotes and brackets are balanced"
        ))
    })?;
    check_fields(&ast)?;
    let qp = parser(index);
    let mut has_auto_fuzzy = false;
    let mut fuzzy_text_terms = Vec::new();
    let query = build(
        index,
        &qp,
        ast,
        auto_fuzzy,
        &mut has_auto_fuzzy,
        &mut fuzzy_text_terms,
    )?;
    Ok(Parsed {
        query,
        has_auto_fuzzy,
        fuzzy_text_terms,
    })
}

/// Refuse brackets nested deeper than [`MAX_NESTING`] (outside quotes), before the
/// recursive grammar sees them.
fn check_nesting(input: &str) -> Result<(), QueryError> {
    let (mut depth, mut quoted) = (0usize, false);
    for c in input.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(QueryError(format!(
                        "brackets are nested more than {MAX_NESTING} deep"
                    )));
                }
            }
            ')' | ']' | '}' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn check_fields(ast: &UserInputAst) -> Result<(), QueryError> {
    match ast {
        UserInputAst::Clause(cs) => cs.iter().try_for_each(|(_, a)| check_fields(a)),
        UserInputAst::Boost(a, _) => check_fields(a),
        UserInputAst::Leaf(leaf) => {
            let name = match leaf.as_ref() {
                // `field:*` asks for "has any value", which tantivy answers only for fast
                // fields (an internal error otherwise); every indicator has its council,
                // title and text anyway.
                UserInputLeaf::Exists { field } => {
                    return Err(QueryError(format!(
                        "{field}:* (any value) is not supported: give a value ({field}:WORD), or leave the field out"
                    )));
                }
                UserInputLeaf::Literal(l) => l.field_name.as_deref(),
                UserInputLeaf::Range { field, .. } => field.as_deref(),
                UserInputLeaf::Set { field, .. } => field.as_deref(),
                _ => None,
            };
            match name {
                Some(n) if !USER_FIELDS.contains(&n) && n != "rank" => Err(QueryError(format!(
                    "unknown field {n:?} in query; fields are: {}",
                    USER_FIELDS.join(", ")
                ))),
                _ => Ok(()),
            }
        }
    }
}

/// `word~N` → (word, N) for an unquoted literal.
fn fuzzy_spec(l: &UserInputLiteral) -> Option<(String, u8)> {
    if !matches!(l.delimiter, Delimiter::None) {
        return None;
    }
    let (word, n) = l.phrase.rsplit_once('~')?;
    let n: u8 = n.parse().ok()?;
    if word.is_empty() || word.contains(char::is_whitespace) {
        return None;
    }
    Some((word.to_string(), n.min(2)))
}

/// Fields analyzed as words, where an edit distance means a typo: the first seven of
/// [`USER_FIELDS`] (the rest are exact values).
const TEXT_FIELDS: &[&str] = USER_FIELDS.split_at(7).0;

fn auto_fuzzy_spec(l: &UserInputLiteral) -> Option<(String, u8)> {
    let text_field = l
        .field_name
        .as_deref()
        .is_none_or(|f| TEXT_FIELDS.contains(&f));
    let plain = matches!(l.delimiter, Delimiter::None) && !l.prefix && text_field;
    let word = l.phrase.as_str();
    (plain
        && word.chars().count() >= AUTO_FUZZY_MIN_CHARS
        // A word too long to be indexed cannot match at any distance: no fuzzy retry.
        && word.len() < analyzer::MAX_WORD_BYTES
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '\'' || c == '’'))
    .then(|| (word.to_string(), 1))
}

fn contains_fuzzy(ast: &UserInputAst, auto: bool) -> bool {
    match ast {
        UserInputAst::Clause(cs) => cs.iter().any(|(_, a)| contains_fuzzy(a, auto)),
        UserInputAst::Boost(a, _) => contains_fuzzy(a, auto),
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(l) => {
                fuzzy_spec(l).is_some() || (auto && auto_fuzzy_spec(l).is_some())
            }
            _ => false,
        },
    }
}

/// Delegate every sub-tree without fuzzy words to tantivy's parser, so its semantics
/// (default conjunction, NOT handling, phrases) are kept; only rebuild what we must.
fn build(
    index: &Index,
    qp: &QueryParser,
    ast: UserInputAst,
    auto: bool,
    has_auto: &mut bool,
    fuzzy: &mut Vec<(String, u8)>,
) -> Result<Box<dyn Query>, QueryError> {
    if !contains_fuzzy(&ast, auto) {
        return qp
            .build_query_from_user_input_ast(ast)
            .map_err(|e| QueryError(format!("bad query: {e}")));
    }
    match ast {
        UserInputAst::Clause(cs) => {
            let mut subs = Vec::new();
            for (occur, a) in cs {
                // tantivy's default here is conjunction (set in `parser`).
                let occur = occur.unwrap_or(Occur::Must);
                subs.push((occur, build(index, qp, a, auto, has_auto, fuzzy)?));
            }
            Ok(Box::new(BooleanQuery::new(subs)))
        }
        UserInputAst::Boost(a, b) => Ok(Box::new(BoostQuery::new(
            build(index, qp, *a, auto, has_auto, fuzzy)?,
            b.into_inner() as f32,
        ))),
        UserInputAst::Leaf(leaf) => {
            let UserInputLeaf::Literal(l) = *leaf else {
                unreachable!("contains_fuzzy is true only for literals")
            };
            let (word, distance) = match fuzzy_spec(&l) {
                Some(s) => s,
                None => {
                    *has_auto = true;
                    auto_fuzzy_spec(&l).expect("contains_fuzzy checked it")
                }
            };
            let field = l.field_name.as_deref();
            let (q, term) = fuzzy_leaf(index, field, &word, distance)?;
            if matches!(field, None | Some("text")) {
                fuzzy.push((term, distance));
            }
            Ok(q)
        }
    }
}

fn fuzzy_leaf(
    index: &Index,
    field: Option<&str>,
    word: &str,
    distance: u8,
) -> Result<(Box<dyn Query>, String), QueryError> {
    let schema = index.inner.schema();
    let fields: Vec<Field> = match field {
        Some(name) => vec![
            schema
                .get_field(name)
                .map_err(|_| QueryError(format!("unknown field {name:?} in query")))?,
        ],
        None => DEFAULT_FIELDS
            .iter()
            .map(|n| schema.get_field(n).expect("default field exists"))
            .collect(),
    };
    // Raw fields (polarity, framework id, code) hold values exactly as written.
    let terms = match field {
        Some(f) if !TEXT_FIELDS.contains(&f) => vec![word.to_string()],
        _ => analyzer::terms(word),
    };
    let Some(term) = terms.first() else {
        if word.len() >= analyzer::MAX_WORD_BYTES {
            return Err(QueryError(format!(
                "{word:?} is too long to be a word: words of {} or more characters are not indexed",
                analyzer::MAX_WORD_BYTES
            )));
        }
        return Err(QueryError(format!("{word:?} has no searchable letters")));
    };
    let subs: Vec<(Occur, Box<dyn Query>)> = fields
        .into_iter()
        .map(|f| {
            let q: Box<dyn Query> = Box::new(FuzzyTermQuery::new(
                Term::from_field_text(f, term),
                distance,
                true,
            ));
            (Occur::Should, q)
        })
        .collect();
    Ok((Box::new(BooleanQuery::new(subs)), term.clone()))
}

/// Byte ranges of `text` whose analyzed term is within its edit distance of a fuzzy term.
pub fn fuzzy_highlights(text: &str, fuzzy: &[(String, u8)]) -> Vec<std::ops::Range<usize>> {
    use tantivy::tokenizer::TokenStream;
    if fuzzy.is_empty() {
        return Vec::new();
    }
    let mut a = analyzer::analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        // Transpositions cost one, as in the FuzzyTermQuery built above.
        if fuzzy
            .iter()
            .any(|(f, d)| strsim::osa_distance(f, &t.text) <= usize::from(*d))
        {
            out.push(t.offset_from..t.offset_to);
        }
    }
    out
}

/// Keep only documents whose `field` holds one of `values` (already lower-cased keys).
pub fn any_of(field: Field, values: &[String]) -> Box<dyn Query> {
    Box::new(TermSetQuery::new(
        values.iter().map(|v| Term::from_field_text(field, v)),
    ))
}

/// Every distinct indexed value of a raw field, across segments.
pub fn distinct_values(
    searcher: &tantivy::Searcher,
    field: Field,
) -> Result<std::collections::BTreeSet<String>, String> {
    let mut out = std::collections::BTreeSet::new();
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(field).map_err(|e| e.to_string())?;
        let mut stream = inv.terms().stream().map_err(|e| e.to_string())?;
        while stream.advance() {
            out.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> (tempfile::TempDir, Index) {
        let dir = tempfile::tempdir().unwrap();
        let idx = Index::open_or_create(dir.path()).unwrap();
        super::super::index_frameworks(&idx, &super::super::synth::frameworks(2, 16, 3)).unwrap();
        (dir, idx)
    }

    #[test]
    fn tilde_words_are_fuzzy_but_phrases_are_not() {
        let lit = |phrase: &str, delimiter| UserInputLiteral {
            field_name: None,
            phrase: phrase.into(),
            delimiter,
            slop: 0,
            prefix: false,
        };
        assert_eq!(
            fuzzy_spec(&lit("coachng~1", Delimiter::None)),
            Some(("coachng".into(), 1))
        );
        assert_eq!(fuzzy_spec(&lit("coachng~9", Delimiter::None)).unwrap().1, 2);
        assert_eq!(fuzzy_spec(&lit("coachng~1", Delimiter::DoubleQuotes)), None);
        assert_eq!(fuzzy_spec(&lit("coaching", Delimiter::None)), None);
        assert!(auto_fuzzy_spec(&lit("partnerships", Delimiter::None)).is_some());
        assert!(auto_fuzzy_spec(&lit("coach", Delimiter::None)).is_none());
        let mut ranked = lit("12345678", Delimiter::None);
        ranked.field_name = Some("rank".into());
        assert!(auto_fuzzy_spec(&ranked).is_none());
    }

    #[test]
    fn errors_are_one_readable_line() {
        let (_d, idx) = index();
        for (q, want) in [
            ("\"value for", "quotes"),
            ("colour:red", "unknown field \"colour\""),
            ("   ", "empty query"),
            ("council:*", "not supported"),
            (
                format!("{}x{}", "(".repeat(16_000), ")".repeat(16_000)).as_str(),
                "nested more than",
            ),
            (
                format!("{}~1", "a".repeat(40)).as_str(),
                "too long to be a word",
            ),
        ] {
            let e = parse(&idx, q, false).err().unwrap().0;
            assert!(e.contains(want), "{q:?}: {e}");
            assert!(!e.contains('\n'));
        }
        assert!(
            parse(
                &idx,
                "coaching AND (budgets OR risks~1) -polarity:negative",
                true
            )
            .is_ok()
        );
    }
}
