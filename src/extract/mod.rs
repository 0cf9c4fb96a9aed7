//! The recognizer: Document blocks → Framework. Knows nothing about file formats.

use crate::document::Document;
use crate::model::{Framework, SCHEMA_VERSION, Source, slug};

pub fn recognize(doc: &Document) -> Framework {
    let stem = doc.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Framework {
        schema_version: SCHEMA_VERSION,
        id: slug(&stem),
        council: None,
        council_from: None,
        title: None,
        source: Source {
            path: doc.path.to_string_lossy().into_owned(),
            format: doc.format.as_str().into(),
            sha256: doc.sha256.clone(),
            pages: doc.pages,
        },
        levels: Vec::new(),
        groups: Vec::new(),
        competencies: Vec::new(),
        warnings: doc.warnings.clone(),
    }
}
