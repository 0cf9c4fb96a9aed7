//! The crosswalk: which competencies of different councils' frameworks correspond, which
//! themes run through them, and which indicators were copied from a common source.
//!
//! # The competency score
//!
//! Each competency is a TF-IDF vector over stemmed terms (Snowball English, stop words
//! removed, "staff"/"employees" and -ise/-ize folded). Term weight per competency is
//!
//! `Σ_field W_field · (1 + ln tf_field(t))` × `ln(1 + N / df(t))`
//!
//! with `W` = 3 for the name, 2 for covered competencies and the description, 1 for
//! indicators and notes; `N` counts competencies, `df` those using the term. The vector keeps
//! its 96 heaviest terms and is L2-normalised and two competencies' **text** similarity is the cosine.
//!
//! The **name** similarity is the best over all label pairs (a label is the name or one of
//! the competencies it covers) of `Dice_idf(stemmed name terms) · (0.5 + 0.5 · JaroWinkler)` on
//! normalised names, where Dice_idf weights each word by its IDF (generic words such as
//! "managing", "effective" or "leading" count little); it is 0 for names sharing no stemmed word.
//!
//! `score = 0.75 · text + 0.25 · name`, in [0, 1].
//!
//! Why: councils describe the same competency in different words, but the indicators under
//! it share vocabulary (partners, stakeholders, relationships), which the cosine rewards
//! while IDF discounts words every competency uses (deliver, ensure, team). Sublinear term
//! frequency per field keeps twelve indicators that repeat "performance" from swamping the
//! name. The name term is a smaller share because names are short and ambiguous ("Can do"),
//! but when they agree ("Changing and improving" in two frameworks, or as a covered
//! competency) they are the strongest single hint a reader uses. Covers make many-to-one
//! matches (one broad cluster ↔ several narrow competencies) visible.
//!
//! Modules: [`text`] (words → terms), [`similarity`] (profiles, score), [`matching`] (best
//! matches per framework pair), [`themes`], [`indicators`] (shared-origin indicators),
//! [`eval`] (gold files, precision/recall), [`html`] (the matrix page), [`synth`]
//! (generated frameworks for benchmarks).

pub mod eval;
pub mod html;
pub mod indicators;
pub mod matching;
pub mod similarity;
pub mod synth;
pub mod text;
pub mod themes;

pub use indicators::{IndicatorOptions, SharedIndicators, shared_indicators};
pub use matching::{MapOptions, Match, best_matches, council_label, select};
pub use similarity::{Model, Weights};
pub use themes::{Theme, themes};
