//! JSON written as it is produced. `atlas map --json` over a thousand frameworks has
//! millions of rows; building them all as values and then one string held gigabytes.

use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::io::Write;

/// An iterator serialised as a JSON array, one item at a time. It can be serialised once;
/// a second time it is an empty array.
pub struct Array<I>(RefCell<Option<I>>);

pub fn array<I: Iterator>(items: I) -> Array<I> {
    Array(RefCell::new(Some(items)))
}

impl<I, T> Serialize for Array<I>
where
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.borrow_mut().take() {
            Some(items) => s.collect_seq(items),
            None => s.collect_seq(std::iter::empty::<T>()),
        }
    }
}

/// Writes `value` to stdout as pretty JSON with a final newline. A closed pipe (`| head`)
/// ends the output quietly; any other failure is an error message and exit code 1.
pub fn print_json(value: &impl Serialize) -> i32 {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            1
        }
    }
}
