//! Flat exports of the store: one row per indicator with every field a spreadsheet or a
//! statistics package needs, in a stable column order.

use crate::model::Framework;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row<'a> {
    pub framework_id: &'a str,
    pub council: &'a str,
    pub title: &'a str,
    pub group: &'a str,
    pub competency_code: &'a str,
    pub competency: &'a str,
    pub level: &'a str,
    pub level_rank: Option<u32>,
    pub polarity: &'a str,
    pub text: &'a str,
    pub source_path: &'a str,
    pub page: u32,
    pub line: u32,
    pub indicator_id: &'a str,
}

pub fn rows(fws: &[Framework]) -> impl Iterator<Item = Row<'_>> {
    fws.iter().flat_map(|fw| {
        fw.indicators().map(move |(c, i)| Row {
            framework_id: &fw.id,
            council: fw.council.as_deref().unwrap_or(""),
            title: fw.title.as_deref().unwrap_or(""),
            group: c.group.as_deref().unwrap_or(""),
            competency_code: c.code.as_deref().unwrap_or(""),
            competency: &c.name,
            level: i.level.as_deref().unwrap_or(""),
            level_rank: i.level.as_deref().and_then(|l| fw.level_rank(l)),
            polarity: i.polarity.as_str(),
            text: &i.text,
            source_path: &fw.source.path,
            page: i.source.page,
            line: i.source.line,
            indicator_id: &i.id,
        })
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "json" => Ok(Format::Json),
            _ => Err(format!(
                "unknown export format {s:?}: use csv, jsonl or json"
            )),
        }
    }
}

/// Excel only reads a CSV as UTF-8 when it starts with this byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Write every indicator of `fws`; returns the number of rows.
pub fn write(
    fws: &[Framework],
    format: Format,
    bom: bool,
    out: &mut dyn Write,
) -> Result<usize, String> {
    let e = |e: &dyn std::fmt::Display| format!("cannot write export: {e}");
    let mut n = 0;
    match format {
        Format::Csv => {
            if bom {
                out.write_all(BOM).map_err(|x| e(&x))?;
            }
            let mut w = csv::Writer::from_writer(&mut *out);
            for r in rows(fws) {
                w.serialize(&r).map_err(|x| e(&x))?;
                n += 1;
            }
            if n == 0 {
                // Keep the header even with nothing to export, so scripts see the columns.
                w.write_record(HEADER).map_err(|x| e(&x))?;
            }
            w.flush().map_err(|x| e(&x))?;
        }
        Format::Jsonl => {
            for r in rows(fws) {
                serde_json::to_writer(&mut *out, &r).map_err(|x| e(&x))?;
                out.write_all(b"\n").map_err(|x| e(&x))?;
                n += 1;
            }
        }
        Format::Json => {
            let all: Vec<Row> = rows(fws).collect();
            n = all.len();
            serde_json::to_writer_pretty(&mut *out, &all).map_err(|x| e(&x))?;
            out.write_all(b"\n").map_err(|x| e(&x))?;
        }
    }
    out.flush().map_err(|x| e(&x))?;
    Ok(n)
}

pub const HEADER: [&str; 14] = [
    "framework_id",
    "council",
    "title",
    "group",
    "competency_code",
    "competency",
    "level",
    "level_rank",
    "polarity",
    "text",
    "source_path",
    "page",
    "line",
    "indicator_id",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_header_bom_and_quotes_commas() {
        let mut fw = crate::index::synth::framework(0, 8, 1);
        fw.competencies[0].indicators[0].text = "Says \"no\", politely".into();
        let mut out = Vec::new();
        let n = write(std::slice::from_ref(&fw), Format::Csv, true, &mut out).unwrap();
        assert_eq!(n, fw.indicator_count());
        assert!(out.starts_with(BOM));
        let text = String::from_utf8(out[3..].to_vec()).unwrap();
        assert!(text.starts_with(&HEADER.join(",")));
        assert!(text.contains("\"Says \"\"no\"\", politely\""));
        let mut r = csv::Reader::from_reader(&out[3..]);
        assert_eq!(r.records().count(), n);
    }
}
