//! The text analyzer shared by indexing, querying and highlighting. It must be identical on
//! both sides, so it is registered on every opened index under one name.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenStream,
};

pub const NAME: &str = "atlas_en";
/// Longest word indexed, in bytes: longer ones are not words (hashes, URLs run together).
pub const MAX_WORD_BYTES: usize = 40;

/// SimpleTokenizer already splits on typographic quotes and dashes (they are not
/// alphanumeric); AsciiFolding then maps "Médway" and "co‑operate" pieces onto their ASCII
/// forms so researchers can type either.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(NAME, analyzer());
}

/// The indexed terms for `text`, in order: what a query word must equal to match.
pub fn terms(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::terms;

    #[test]
    fn stems_folds_and_splits_typography() {
        assert_eq!(terms("Collaboration"), terms("collaborative"));
        assert_eq!(terms("Collaborate"), terms("collaborating"));
        assert_eq!(terms("Médway"), vec!["medway"]);
        assert_eq!(terms("“value for money”"), terms("\"value for money\""));
        assert_eq!(
            terms("well‑being – co-operate"),
            terms("well-being - co-operate")
        );
    }
}
