//! The ranges a document's dates and numbers stay in. The product's methods refuse a value
//! outside them, and `problems()` reports one found in a file with its entity and field, so
//! that what is worked out from them stays small and exact: a sprint ending in the year
//! 262142 would make a burndown of 95 million days, a story of 4294967295 points would wrap
//! every sum it is in.

use chrono::{Datelike, NaiveDate};

use super::entities::Rice;
use super::{ModelError, Wsjf};

/// Dates before this year or after [`LAST_YEAR`] are typing mistakes, not plans.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;
/// The most points a scale (and so a story) may reach: a backlog as large as the file size
/// limit allows then sums to far less than `u32::MAX`.
pub const MAX_POINTS: u32 = 100;
/// The most points a sprint's capacity may say.
pub const MAX_CAPACITY: u32 = 100_000;
/// A sprint longer than a year is a date typed wrong; it also bounds a burndown's days.
pub const MAX_SPRINT_DAYS: i64 = 366;
/// RICE impact, as documented: 0.25 (minimal) to 3 (massive).
pub const RICE_IMPACT: (f64, f64) = (0.25, 3.0);

fn out_of_range(what: &'static str, rule: &'static str, value: impl ToString) -> ModelError {
    ModelError::OutOfRange {
        what,
        rule,
        value: value.to_string(),
    }
}

/// `date` is between [`FIRST_YEAR`] and [`LAST_YEAR`].
pub fn check_date(what: &'static str, date: NaiveDate) -> Result<(), ModelError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(out_of_range(what, "in the years 1900 to 2200", date))
    }
}

pub fn check_optional_date(what: &'static str, date: Option<NaiveDate>) -> Result<(), ModelError> {
    date.map_or(Ok(()), |d| check_date(what, d))
}

/// A sprint's dates: each in range, the end not before the start, at most a year apart.
pub fn check_sprint_span(start: NaiveDate, end: NaiveDate) -> Result<(), ModelError> {
    check_date("start date", start)?;
    check_date("end date", end)?;
    let days = (end - start).num_days() + 1;
    if days > MAX_SPRINT_DAYS {
        return Err(out_of_range(
            "length",
            "366 days or less",
            format!("{days} days ({start} to {end})"),
        ));
    }
    Ok(())
}

/// RICE inputs in their documented ranges: reach zero or more, impact 0.25 to 3, confidence
/// a percentage, effort more than zero; all finite.
pub fn check_rice(r: &Rice) -> Result<(), ModelError> {
    let (low, high) = RICE_IMPACT;
    let checks = [
        ("RICE reach", r.reach, r.reach >= 0.0, "zero or more"),
        (
            "RICE impact",
            r.impact,
            (low..=high).contains(&r.impact),
            "from 0.25 to 3",
        ),
        (
            "RICE confidence",
            r.confidence,
            (0.0..=100.0).contains(&r.confidence),
            "a percentage from 0 to 100",
        ),
        ("RICE effort", r.effort, r.effort > 0.0, "more than zero"),
    ];
    for (what, value, ok, rule) in checks {
        if !ok || !value.is_finite() {
            return Err(out_of_range(what, rule, value));
        }
    }
    Ok(())
}

/// WSJF inputs: zero or more, the job size more than zero; all finite.
pub fn check_wsjf(w: &Wsjf) -> Result<(), ModelError> {
    let checks = [
        ("WSJF business value", w.business_value, "zero or more"),
        ("WSJF time criticality", w.time_criticality, "zero or more"),
        ("WSJF risk reduction", w.risk_reduction, "zero or more"),
        ("WSJF job size", w.job_size, "more than zero"),
    ];
    for (what, value, rule) in checks {
        let ok = if rule == "more than zero" {
            value > 0.0
        } else {
            value >= 0.0
        };
        if !ok || !value.is_finite() {
            return Err(out_of_range(what, rule, value));
        }
    }
    Ok(())
}

/// A story's points: no more than the largest value of the team's scale.
pub fn check_points(points: Option<u32>, scale: &[u32]) -> Result<(), ModelError> {
    let top = scale.iter().copied().max().unwrap_or(0).min(MAX_POINTS);
    match points {
        Some(p) if p > top => Err(out_of_range(
            "points",
            "within the points scale",
            format!("{p} (the scale ends at {top})"),
        )),
        _ => Ok(()),
    }
}

/// The scale itself: every value at most [`MAX_POINTS`].
pub fn check_scale(scale: &[u32]) -> Result<(), ModelError> {
    match scale.iter().find(|p| **p > MAX_POINTS) {
        Some(p) => Err(out_of_range("a points scale value", "100 or less", p)),
        None => Ok(()),
    }
}

pub fn check_capacity(capacity: Option<u32>) -> Result<(), ModelError> {
    match capacity {
        Some(c) if c > MAX_CAPACITY => Err(out_of_range("capacity", "100000 or less", c)),
        _ => Ok(()),
    }
}
