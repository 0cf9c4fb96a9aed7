//! Writing: one commit per call, so a killed process leaves the previous commit intact.

use super::Index;
use super::schema::{ALL_LEVELS, FACET_COUNCIL, FACET_GROUP, FACET_LEVEL, FACET_POLARITY, Fields};
use crate::model::Framework;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument, Term};

const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Stored in the commit payload: framework id → fingerprint of the version indexed.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    frameworks: BTreeMap<String, String>,
}

/// Hash of the framework's JSON: changes whenever anything searchable could have changed,
/// including a re-extraction of an unchanged file by a better recognizer.
pub fn fingerprint(fw: &Framework) -> String {
    let json = serde_json::to_vec(fw).expect("framework serialises");
    let digest = Sha256::digest(&json);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn payload(index: &Index) -> Result<Payload, String> {
    let meta = index
        .inner
        .load_metas()
        .map_err(|e| format!("cannot read index {}: {e}", index.path().display()))?;
    Ok(meta
        .payload
        .and_then(|p| serde_json::from_str(&p).ok())
        .unwrap_or_default())
}

fn writer(index: &Index) -> Result<IndexWriter, String> {
    index
        .inner
        .writer_with_num_threads(1, WRITER_MEMORY)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => format!(
                "index {} is being written by another `atlas ingest`; try again when it ends",
                index.path().display()
            ),
            e => format!("cannot write index {}: {e}", index.path().display()),
        })
}

fn add_framework(w: &IndexWriter, f: &Fields, fw: &Framework) -> Result<(), String> {
    let council = fw.council.as_deref().unwrap_or("(unknown)");
    let title = fw.title.as_deref().unwrap_or("");
    for (c, i) in fw.indicators() {
        let mut d = TantivyDocument::default();
        d.add_text(f.text, &i.text);
        d.add_text(f.competency, &c.name);
        if let Some(desc) = &c.description {
            d.add_text(f.description, desc);
        }
        if let Some(g) = &c.group {
            d.add_text(f.group, g);
            d.add_text(f.group_key, g.to_lowercase());
        }
        d.add_text(f.council, council);
        d.add_text(f.council_key, council.to_lowercase());
        d.add_text(f.title, title);
        let level = i.level.as_deref().unwrap_or(ALL_LEVELS);
        if let Some(l) = &i.level {
            d.add_text(f.level, l);
            d.add_text(f.level_key, l.to_lowercase());
            if let Some(rank) = fw.level_rank(l) {
                d.add_u64(f.level_rank, u64::from(rank));
            }
        }
        d.add_text(f.polarity, i.polarity.as_str());
        d.add_text(f.framework, &fw.id);
        if let Some(code) = &c.code {
            d.add_text(f.code, code);
        }
        d.add_text(f.indicator, &i.id);
        d.add_text(f.path, &fw.source.path);
        d.add_u64(f.page, u64::from(i.source.page));
        d.add_u64(f.line, u64::from(i.source.line));
        d.add_facet(f.facet, Facet::from_path([&FACET_COUNCIL[1..], council]));
        d.add_facet(f.facet, Facet::from_path([&FACET_LEVEL[1..], level]));
        d.add_facet(
            f.facet,
            Facet::from_path([&FACET_POLARITY[1..], i.polarity.as_str()]),
        );
        if let Some(g) = &c.group {
            d.add_facet(f.facet, Facet::from_path([&FACET_GROUP[1..], g.as_str()]));
        }
        w.add_document(d)
            .map_err(|e| format!("cannot index {}: {e}", fw.id))?;
    }
    Ok(())
}

/// Replace the documents of `upserts` (matched by framework id) and delete those of
/// `removals`, in one commit. Readers see all of it or none of it.
pub fn apply(index: &Index, upserts: &[Framework], removals: &[String]) -> Result<(), String> {
    if upserts.is_empty() && removals.is_empty() {
        return Ok(());
    }
    let mut p = payload(index)?;
    let mut w = writer(index)?;
    let f = index.fields;
    for id in removals {
        w.delete_term(Term::from_field_text(f.framework, id));
        p.frameworks.remove(id);
    }
    for fw in upserts {
        w.delete_term(Term::from_field_text(f.framework, &fw.id));
        add_framework(&w, &f, fw)?;
        p.frameworks.insert(fw.id.clone(), fingerprint(fw));
    }
    let mut prepared = w
        .prepare_commit()
        .map_err(|e| format!("cannot commit index {}: {e}", index.path().display()))?;
    prepared.set_payload(&serde_json::to_string(&p).expect("payload serialises"));
    prepared
        .commit()
        .map_err(|e| format!("cannot commit index {}: {e}", index.path().display()))?;
    // Merges run on background threads; waiting lets them finish and clean up old segment
    // files instead of being abandoned when the process exits.
    w.wait_merging_threads().map_err(|e| {
        format!(
            "cannot finish writing index {}: {e}",
            index.path().display()
        )
    })?;
    Ok(())
}

/// Add or replace these frameworks' documents.
pub fn index_frameworks(index: &Index, fws: &[Framework]) -> Result<(), String> {
    apply(index, fws, &[])
}

pub fn remove_frameworks(index: &Index, ids: &[String]) -> Result<(), String> {
    apply(index, &[], ids)
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Framework ids (re)indexed.
    pub indexed: Vec<String>,
    /// Framework ids whose documents were deleted.
    pub removed: Vec<String>,
    /// Frameworks already indexed as stored.
    pub unchanged: usize,
    /// Why the index was rebuilt from the store (damaged, unreadable, or disagreeing).
    pub rebuilt: Option<String>,
}

/// Make the index hold exactly the stored frameworks. Whatever an interrupted run left
/// behind (store written, index not committed), this puts right.
pub fn sync_with_store(index: &Index, store: &Store) -> Result<SyncReport, String> {
    let (stored, problems) = store.load_all();
    if let Some(p) = problems.first() {
        return Err(format!("cannot read the framework store: {p}"));
    }
    let p = payload(index)?;
    let mut report = SyncReport::default();
    let mut upserts = Vec::new();
    for fw in stored.iter() {
        if p.frameworks.get(&fw.id) == Some(&fingerprint(fw)) {
            report.unchanged += 1;
        } else {
            report.indexed.push(fw.id.clone());
            upserts.push(fw.clone());
        }
    }
    let ids: std::collections::BTreeSet<&str> = stored.iter().map(|f| f.id.as_str()).collect();
    report.removed = p
        .frameworks
        .keys()
        .filter(|id| !ids.contains(id.as_str()))
        .cloned()
        .collect();
    apply(index, &upserts, &report.removed)?;
    Ok(report)
}
