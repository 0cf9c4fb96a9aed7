//! competency-atlas: extract, index, search and cross-walk local-government competency
//! frameworks.
//!
//! Data flows one way: bytes → reader ([`document`]) → [`document::Document`] →
//! recognizer ([`extract`]) → [`model::Framework`] → everything else.

pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod guard;
pub mod limits;
pub mod lock;
pub mod manifest;
pub mod model;
pub mod pipeline;

pub use error::{Error, ErrorKind, Result};
pub use model::Framework;
pub mod crosswalk;
pub mod index;
pub mod ingest;
pub mod store;
pub mod synth;
pub mod text_safety;
pub mod web;
pub mod worker;
