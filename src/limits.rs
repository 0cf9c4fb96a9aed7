//! Safety limits against hostile or broken files. Every reader honours them and says which
//! limit was hit.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file read at all.
    pub max_file_bytes: u64,
    /// Most bytes any one decompressed part (DOCX XML part, PDF stream) may inflate to.
    pub max_part_bytes: u64,
    /// Most bytes all decompressed parts of one file may inflate to together.
    pub max_total_inflated_bytes: u64,
    /// Time budget for reading one file.
    pub time_budget: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_part_bytes: 64 * 1024 * 1024,
            max_total_inflated_bytes: 128 * 1024 * 1024,
            time_budget: Duration::from_secs(30),
        }
    }
}
