//! Progress for long imports: a bar on a terminal, a line every few seconds otherwise (logs,
//! CI), nothing with --quiet. Printed to stderr so stdout stays the report.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Progress {
    /// A bar when stderr is a terminal, else periodic lines.
    #[default]
    Auto,
    Lines,
    Quiet,
}

pub struct Ticker {
    bar: Option<ProgressBar>,
    lines: Option<Mutex<(Instant, Instant, u64)>>,
    total: u64,
}

const LINE_EVERY: Duration = Duration::from_secs(3);

impl Progress {
    pub fn start(self, total: u64) -> Ticker {
        let terminal = std::io::stderr().is_terminal();
        let mode = match self {
            Progress::Auto if terminal => "bar",
            Progress::Auto | Progress::Lines => "lines",
            Progress::Quiet => "quiet",
        };
        let bar = (mode == "bar" && total > 0).then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} files  {per_sec}  eta {eta}  {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        let now = Instant::now();
        let lines = (mode == "lines" && total > 0).then(|| Mutex::new((now, now, 0)));
        Ticker { bar, lines, total }
    }
}

impl Ticker {
    pub fn tick(&self, path: &std::path::Path) {
        if let Some(b) = &self.bar {
            b.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            b.inc(1);
        }
        if let Some(m) = &self.lines {
            let mut g = m.lock().unwrap_or_else(|p| p.into_inner());
            g.2 += 1;
            if g.1.elapsed() >= LINE_EVERY {
                g.1 = Instant::now();
                let rate = g.2 as f64 / g.0.elapsed().as_secs_f64().max(1e-3);
                eprintln!("ingest: {}/{} files, {rate:.0} files/s", g.2, self.total);
            }
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
