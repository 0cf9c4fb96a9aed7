//! Safety limits against hostile or broken files. Every reader honours them and says which
//! limit was hit.

use std::time::Duration;

/// Default memory ceiling per file, in MB. Real frameworks need far less; two workers at
/// this ceiling (`-j 2`) plus the ingest itself stay below 1.5 GB.
pub const DEFAULT_MAX_MEMORY_MB: u64 = 640;
/// Longest time budget accepted (a day): beyond it a budget is a typo, and
/// `Duration::from_secs_f64` panics on values it cannot hold.
pub const MAX_TIME_BUDGET_SECS: f64 = 86_400.0;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Largest input file read at all.
    pub max_file_bytes: u64,
    /// Most bytes any one decompressed part (DOCX XML part, PDF stream) may inflate to.
    pub max_part_bytes: u64,
    /// Most bytes all decompressed parts of one file may inflate to together.
    pub max_total_inflated_bytes: u64,
    /// Time budget for reading one file.
    pub time_budget: Duration,
    /// Most memory (resident) the extraction of one file may use. Enforced where files are
    /// extracted in worker processes (`atlas ingest`, `atlas extract`): the worker is killed
    /// past it. Work that grows without bound on a hostile file (a glyph flood) stops here,
    /// whichever reader is at fault.
    pub max_memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_part_bytes: 64 * 1024 * 1024,
            max_total_inflated_bytes: 128 * 1024 * 1024,
            time_budget: Duration::from_secs(30),
            max_memory_bytes: DEFAULT_MAX_MEMORY_MB * 1024 * 1024,
        }
    }
}
