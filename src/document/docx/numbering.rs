//! List markers from `numbering.xml`: which bullet or number a numbered paragraph shows.
//!
//! docx-rs keeps a level's text (`w:lvlText`) and start value private; they are read through
//! its serde `Serialize` form.

use super::styles::ser;
use docx_rs::Numberings;
use std::collections::HashMap;

#[derive(Debug, Clone)]
struct LevelDef {
    format: String,
    text: String,
    start: u32,
}

#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → levels of its abstract numbering (index = ilvl).
    levels: HashMap<usize, Vec<LevelDef>>,
    /// numId → current count per level.
    counters: HashMap<usize, [u32; 9]>,
}

impl Numbering {
    pub fn from_docx(n: &Numberings) -> Numbering {
        let mut out = Numbering::default();
        for num in &n.numberings {
            let Some(abs) = n.abstract_nums.iter().find(|a| a.id == num.abstract_num_id) else {
                continue;
            };
            let mut levels: Vec<LevelDef> = abs
                .levels
                .iter()
                .take(9)
                .map(|l| LevelDef {
                    format: l.format.val.clone(),
                    text: ser(&l.text).as_str().unwrap_or_default().to_string(),
                    start: ser(&l.start).as_u64().unwrap_or(1) as u32,
                })
                .collect();
            for o in &num.level_overrides {
                if let (Some(start), Some(def)) = (o.override_start, levels.get_mut(o.level)) {
                    def.start = start as u32;
                }
            }
            out.levels.insert(num.id, levels);
        }
        out
    }

    /// Whether numId points at a list definition (numId 0, or one missing from
    /// numbering.xml, shows nothing in Word).
    pub fn is_list(&self, num_id: usize) -> bool {
        num_id != 0 && self.levels.contains_key(&num_id)
    }

    #[cfg(test)]
    pub fn insert_level(&mut self, num_id: usize, format: &str, text: &str) {
        self.levels.entry(num_id).or_default().push(LevelDef {
            format: format.into(),
            text: text.into(),
            start: 1,
        });
    }

    /// The marker the next paragraph at (numId, ilvl) shows, advancing the count.
    pub fn next_marker(&mut self, num_id: usize, level: usize) -> String {
        let level = level.min(8);
        let Some(levels) = self.levels.get(&num_id) else {
            return "•".into();
        };
        let Some(def) = levels.get(level).or(levels.last()) else {
            return "•".into();
        };
        if def.format == "bullet" {
            return bullet(&def.text);
        }
        let counters = self.counters.entry(num_id).or_insert([0; 9]);
        counters[level] = if counters[level] == 0 {
            def.start.max(1)
        } else {
            counters[level] + 1
        };
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        let mut text = def.text.clone();
        for (i, l) in levels.iter().enumerate().take(level + 1).rev() {
            let n = if counters[i] == 0 {
                l.start.max(1)
            } else {
                counters[i]
            };
            text = text.replace(&format!("%{}", i + 1), &format_number(n, &l.format));
        }
        if def.format == "none" || text.trim().is_empty() {
            return String::new();
        }
        text.trim().to_string()
    }
}

/// Word stores bullets as Symbol/Wingdings private-use characters; show the common ones as
/// the text reader does, so markers compare across formats.
fn bullet(text: &str) -> String {
    match text.trim() {
        "" | "\u{F0B7}" | "\u{F0A7}" | "\u{F076}" | "\u{F0D8}" | "\u{F0FC}" | "●" | "·" => {
            "•".into()
        }
        other => other.into(),
    }
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

/// Word's letter numbering repeats the letter: a..z, aa..zz, aaa…
fn letters(n: u32, base: u8) -> String {
    let n = n.max(1) - 1;
    let ch = (base + (n % 26) as u8) as char;
    std::iter::repeat_n(ch, (n / 26 + 1).min(10) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v && out.len() < 32 {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_multilevel_numbers() {
        let mut n = Numbering::default();
        n.insert_level(1, "bullet", "\u{F0B7}");
        n.insert_level(1, "bullet", "o");
        n.insert_level(2, "decimal", "%1.");
        n.insert_level(2, "lowerLetter", "%1.%2)");
        assert!(n.is_list(1) && !n.is_list(0) && !n.is_list(7));
        assert_eq!(n.next_marker(1, 0), "•");
        assert_eq!(n.next_marker(1, 1), "o");
        assert_eq!(n.next_marker(2, 0), "1.");
        assert_eq!(n.next_marker(2, 1), "1.a)");
        assert_eq!(n.next_marker(2, 1), "1.b)");
        assert_eq!(n.next_marker(2, 0), "2.");
        assert_eq!(n.next_marker(2, 1), "2.a)");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letters(27, b'a'), "aa");
    }
}
