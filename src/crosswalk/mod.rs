//! The crosswalk: which competencies of different councils' frameworks correspond, which
//! themes run through them, and which indicators were copied from a common source.
//!
//! # The competency score
//!
//! Terms are Snowball English stems (stop words removed, "staff"/"employees" and -ise/-ize
//! folded) with a small, general HR synonym list folded on top (collaborate/partner/
//! teamwork, customer/resident/citizen/client, decision/judgement, coach/mentor,
//! commercial/entrepreneurial, integrity/honesty/ethics, influence/persuade,
//! innovation/creativity; [`text`]), because councils written from different sources
//! name the same behaviour in different words. The score has three parts.
//!
//! **Cosine.** Each competency is a TF-IDF vector; term weight per competency is
//!
//! `Σ_field W_field · (1 + ln tf_field(t))` × `ln(1 + N / df(t))`
//!
//! with `W` = 3 for the name, 2 for covered competencies and the description, 1 for
//! indicators and notes; `N` counts competencies, `df` those using the term. The vector keeps
//! its 96 heaviest terms and is L2-normalised; `cosine` is the dot product.
//!
//! **Alignment.** Each competency is also a set of sentences: its labels (name and covered
//! competencies, weight 2 each), description sentences and indicators (weight 1), each a
//! unit TF-IDF vector. For every sentence of A, the cosine of its best match among B's
//! sentences, weighted-averaged; the same from B to A; `alignment` is the mean of both.
//! One bag of words for a whole competency is dominated by the generic management verbs
//! every indicator repeats; a best-match average asks instead "how much of what A says has
//! a counterpart somewhere in B", which is what a reader checks, and it rewards a single
//! covered competency ("developing self and others") meeting one sentence of a narrow
//! competency without the rest of the cluster diluting it.
//!
//! **Broad clusters.** A competency that covers two or more others ("Can do – changing and
//! improving, delivering at pace, developing self and others") is aligned by its covers, not
//! its name (a banner such as "Can do" or "Honesty and respect" says what the cluster values,
//! not what it is), and the direction from the cluster averages only its best-matching facet:
//! the best-matching `1/√k` of its sentences by weight, `k` the number it covers
//! ([`similarity::facet_mean`]). A narrow competency corresponds to one part of a cluster,
//! and averaging over the whole cluster scored it as if it had to account for the other
//! parts too: a true many-to-one pair ("Can do" / "Leading Change through People") scored
//! like a loose overlap. The part is the sentences that match best, so nothing has to assign
//! indicators to covered competencies (the texts rarely say which is which); it is `1/√k`
//! rather than `1/k` of the cluster because facets overlap, one indicator often serving two.
//! The direction into the cluster needs no change: each sentence of the narrow competency
//! already takes its best match anywhere in the cluster.
//!
//! `text = 0.25 · cosine + 0.75 · alignment`.
//!
//! **Name.** The best over all label pairs of `Dice_idf(stemmed name terms) · (0.5 + 0.5 ·
//! JaroWinkler)` on normalised names, where Dice_idf weights each word by its IDF (generic
//! words such as "managing", "effective" or "leading" count little); 0 for names sharing no
//! stemmed word.
//!
//! `score = 0.9 · text + 0.1 · name`, in [0, 1].
//!
//! Why: the indicators under corresponding competencies share vocabulary even when their
//! names do not (partners, stakeholders, relationships), which both text measures reward
//! while IDF discounts words every competency uses (deliver, ensure, team). The name share
//! is small because names are short and generic words make look-alikes ("Leading and
//! communicating" / "Leads change", "Can do" covering "developing self" / "Self-management"):
//! with a larger share those were most of the false matches. Names still re-rank close
//! calls, and covers make many-to-one matches (one broad cluster ↔ several narrow
//! competencies) visible.
//!
//! **Matching** ([`matching`]) keeps each competency's best matches from 0.18, within 80% of
//! its best, top 3. A mutual best (each the other's best in its framework) is kept from
//! 0.16, and from 0.1 when a third framework corroborates it: some competency C is kept as a
//! match of both A and B. Frameworks written from different sources share few words, so
//! their true correspondences score low, but two competencies that each clearly match the
//! same third one and pick each other as best are rarely a coincidence; the same low score
//! without that support is usually noise. The alignment and name are computed only for each
//! target framework's top 3 competencies by cosine.
//!
//! Modules: [`text`] (words → terms), [`similarity`] (profiles, score), [`matching`] (best
//! matches per framework pair), [`themes`], [`indicators`] (shared-origin indicators),
//! [`eval`] (gold files, precision/recall), [`html`] (the matrix page), [`synth`]
//! (generated frameworks for benchmarks).

pub mod align;
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
