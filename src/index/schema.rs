//! One tantivy document per indicator. Field names are what users type in field queries
//! (`competency:coaching`), so they are part of the CLI contract.

use super::analyzer;
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub text: Field,
    pub competency: Field,
    pub description: Field,
    pub group: Field,
    pub council: Field,
    pub title: Field,
    pub level: Field,
    pub polarity: Field,
    pub framework: Field,
    pub code: Field,
    pub indicator: Field,
    pub path: Field,
    pub page: Field,
    pub line: Field,
    pub level_rank: Field,
    /// Lower-cased exact values, for the case-insensitive `--council/--level/--group` filters.
    pub council_key: Field,
    pub level_key: Field,
    pub group_key: Field,
    /// `/council/<name>` and `/level/<label>`, counted by `--facets`.
    pub facet: Field,
}

pub const FACET_COUNCIL: &str = "/council";
pub const FACET_LEVEL: &str = "/level";
pub const FACET_POLARITY: &str = "/polarity";
pub const FACET_GROUP: &str = "/group";
/// Facet and display label for indicators that apply to every level.
pub const ALL_LEVELS: &str = "(all levels)";

fn text(stored: bool) -> TextOptions {
    let o = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored { o.set_stored() } else { o }
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        text: b.add_text_field("text", text(true)),
        competency: b.add_text_field("competency", text(true)),
        description: b.add_text_field("description", text(false)),
        group: b.add_text_field("group", text(true)),
        council: b.add_text_field("council", text(true)),
        title: b.add_text_field("title", text(true)),
        level: b.add_text_field("level", text(true)),
        polarity: b.add_text_field("polarity", STRING | STORED),
        framework: b.add_text_field("framework", STRING | STORED),
        code: b.add_text_field("code", STRING | STORED),
        indicator: b.add_text_field("indicator", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        page: b.add_u64_field("page", STORED),
        line: b.add_u64_field("line", STORED),
        level_rank: b.add_u64_field("rank", INDEXED | STORED | FAST),
        council_key: b.add_text_field("council_key", STRING),
        level_key: b.add_text_field("level_key", STRING),
        group_key: b.add_text_field("group_key", STRING),
        facet: b.add_facet_field("facet", FacetOptions::default()),
    };
    (b.build(), fields)
}

/// Field handles of an opened index, looked up by name so an index written by an older
/// build with a different schema fails loudly instead of mixing fields.
pub fn fields_of(schema: &Schema) -> Result<Fields, String> {
    let f = |name: &str| {
        schema
            .get_field(name)
            .map_err(|_| format!("index has no field {name:?}: rebuild it with `atlas ingest`"))
    };
    Ok(Fields {
        text: f("text")?,
        competency: f("competency")?,
        description: f("description")?,
        group: f("group")?,
        council: f("council")?,
        title: f("title")?,
        level: f("level")?,
        polarity: f("polarity")?,
        framework: f("framework")?,
        code: f("code")?,
        indicator: f("indicator")?,
        path: f("path")?,
        page: f("page")?,
        line: f("line")?,
        level_rank: f("rank")?,
        council_key: f("council_key")?,
        level_key: f("level_key")?,
        group_key: f("group_key")?,
        facet: f("facet")?,
    })
}
