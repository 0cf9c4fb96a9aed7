//! Parsing of the safety-limit options shared by the commands that read documents.

pub use competency_atlas::limits::DEFAULT_MAX_MEMORY_MB as DEFAULT_MEMORY_MB;
use competency_atlas::limits::MAX_TIME_BUDGET_SECS;

/// A time budget in seconds: a positive finite number up to a day. `nan`, `inf` and
/// negatives are refused with a message (they used to reach `Duration` and panic).
pub fn seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !v.is_finite() || v <= 0.0 || v > MAX_TIME_BUDGET_SECS {
        return Err(format!(
            "{s:?} is not a time budget: give seconds above 0 and at most {MAX_TIME_BUDGET_SECS}"
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn nan_and_infinite_budgets_are_refused_not_a_panic() {
        for bad in ["nan", "NaN", "inf", "-1", "0", "1e300", "x"] {
            assert!(super::seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(super::seconds("2.5"), Ok(2.5));
    }
}
