//! A vision's business goals: what they aim at (a baseline, a target and a due date, typed
//! where they can be), the readings of their metric over time, and the references epics
//! use to say which goal they serve.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::amount::{Amount, Quantity, Unit};
use super::dates::parse_date;
use super::entities::Extra;
use super::{ModelError, VisionId};

/// A business goal, optionally measured: "Checkout conversion: 3.1% -> 4% by 2027-06-30".
/// Fields a document written before typed goals lacks are left out when empty, so such a
/// document saves as it was.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Goal {
    pub text: String,
    /// The metric as it stood when the goal was set: a number (the baseline, "3.1%") or
    /// a description of what is measured ("p95 load time").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Amount>,
    /// The day the target is to be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// The day the baseline held; the straight line to the target starts there. When unset,
    /// it starts on the day of the first reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// The metric over time, oldest first, one a day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<Reading>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One measurement of a goal's metric, in the goal's unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reading {
    pub date: NaiveDate,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which way a goal's metric should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

impl Goal {
    /// Reads `TEXT`, `TEXT: METRIC`, `TEXT: METRIC -> TARGET` and `... -> TARGET by DATE`,
    /// the form [`Display`](fmt::Display) writes.
    pub fn parse(text: &str) -> Goal {
        let (head, rest) = match text.split_once(':') {
            Some((h, r)) => (h.trim(), Some(r.trim())),
            None => (text.trim(), None),
        };
        let (metric, target) = match rest {
            None | Some("") => (None, None),
            Some(r) => match r.split_once("->") {
                Some((m, t)) => (non_empty(m), Some(t.trim())),
                None => (non_empty(r), None),
            },
        };
        let (target, due) = match target {
            Some(t) => split_due(t),
            None => (None, None),
        };
        Goal {
            text: head.to_string(),
            metric: metric.map(|m| Amount::parse(&m)),
            target: target.map(|t| Amount::parse(&t)),
            due,
            ..Goal::default()
        }
    }

    /// The baseline, when the metric is written as a number.
    pub fn baseline(&self) -> Option<&Quantity> {
        self.metric.as_ref().and_then(Amount::quantity)
    }

    pub fn target_quantity(&self) -> Option<&Quantity> {
        self.target.as_ref().and_then(Amount::quantity)
    }

    /// The unit readings are taken in: the target's, else the baseline's.
    pub fn unit(&self) -> Option<&Unit> {
        self.target_quantity()
            .or_else(|| self.baseline())
            .map(|q| &q.unit)
    }

    /// Up when the target is above the baseline, down when below; none without both as
    /// numbers in one unit, or when they are equal.
    pub fn direction(&self) -> Option<Direction> {
        let (b, t) = (self.baseline()?, self.target_quantity()?);
        if !b.unit.same_as(&t.unit) {
            return None;
        }
        match t.value.partial_cmp(&b.value)? {
            std::cmp::Ordering::Greater => Some(Direction::Up),
            std::cmp::Ordering::Less => Some(Direction::Down),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// The reading of the latest day. By date rather than position: a file edited by hand
    /// may list them in any order.
    pub fn latest(&self) -> Option<&Reading> {
        self.readings.iter().max_by_key(|r| r.date)
    }

    /// The day of the first reading.
    pub fn first_reading_day(&self) -> Option<NaiveDate> {
        self.readings.iter().map(|r| r.date).min()
    }

    /// A value in the goal's unit, as a person writes it.
    pub fn format(&self, value: f64) -> String {
        self.unit()
            .map_or_else(|| value.to_string(), |u| u.format(value))
    }

    /// Records a reading, keeping them in date order; a reading of a day that already has
    /// one replaces it (a correction), and the replaced one is returned.
    pub fn record(&mut self, reading: Reading) -> Option<Reading> {
        let same_day = self.readings.iter().position(|r| r.date == reading.date);
        if let Some(i) = same_day {
            return Some(std::mem::replace(&mut self.readings[i], reading));
        }
        let later = self.readings.iter().position(|r| r.date > reading.date);
        self.readings
            .insert(later.unwrap_or(self.readings.len()), reading);
        None
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Splits "4% by 2027-06-30" into the target and its due date.
fn split_due(target: &str) -> (Option<String>, Option<NaiveDate>) {
    let words = target.rsplit_once(char::is_whitespace);
    let due_word = |w: &str| w.trim_end().eq_ignore_ascii_case("by");
    match words {
        Some((before, date)) => match (parse_date(date), before.trim_end().rsplit_once(' ')) {
            (Some(d), Some((t, by))) if due_word(by) => (non_empty(t), Some(d)),
            (Some(d), None) if due_word(before) => (None, Some(d)),
            _ => (non_empty(target), None),
        },
        None => (non_empty(target), None),
    }
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        match (&self.metric, &self.target, self.due) {
            (None, None, None) => return Ok(()),
            (Some(m), None, None) => return write!(f, ": {m}"),
            (Some(m), _, _) => write!(f, ": {m} ->")?,
            (None, _, _) => f.write_str(": ->")?,
        }
        if let Some(t) = &self.target {
            write!(f, " {t}")?;
        }
        if let Some(d) = self.due {
            write!(f, " by {d}")?;
        }
        Ok(())
    }
}

/// A goal of a vision, by its place in the vision's list from 1: `V-1:2`. Epics keep these
/// to say which goals they serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GoalRef {
    pub vision: VisionId,
    /// From 1, as users count.
    pub number: usize,
}

impl GoalRef {
    pub fn new(vision: VisionId, number: usize) -> GoalRef {
        GoalRef { vision, number }
    }
}

impl fmt::Display for GoalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.vision, self.number)
    }
}

impl FromStr for GoalRef {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<GoalRef, ModelError> {
        let bad = || ModelError::BadId {
            kind: "goal",
            value: s.to_string(),
            example: "V-1:2, the second goal of V-1",
        };
        let (vision, number) = s.trim().split_once(':').ok_or_else(bad)?;
        let vision: VisionId = vision.parse().map_err(|_| bad())?;
        let all_digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
        match number.parse::<usize>() {
            Ok(n) if n >= 1 && all_digits => Ok(GoalRef::new(vision, n)),
            _ => Err(bad()),
        }
    }
}

impl Serialize for GoalRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for GoalRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "GoalRef".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^V-[0-9]+:[0-9]+$",
            "description": "A goal of a vision by its number from 1, like V-1:2",
        })
    }
}

impl<'de> Deserialize<'de> for GoalRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_due_date_is_read_after_the_target_and_written_back() {
        let g = Goal::parse("Checkout conversion: 3.1% -> 4% by 2027-06-30");
        assert_eq!(g.text, "Checkout conversion");
        assert_eq!(g.baseline().map(|q| q.value), Some(3.1));
        assert_eq!(g.target_quantity().map(|q| q.value), Some(4.0));
        assert_eq!(g.due, Some(day(2027, 6, 30)));
        assert_eq!(g.direction(), Some(Direction::Up));
        assert_eq!(
            g.to_string(),
            "Checkout conversion: 3.1% -> 4% by 2027-06-30"
        );

        let g = Goal::parse("Launch: -> by 2027-01-04");
        assert_eq!((g.target.is_none(), g.due), (true, Some(day(2027, 1, 4))));
        assert_eq!(g.to_string(), "Launch: -> by 2027-01-04");
        // Not a date, or no "by": all of it is the target.
        for text in [
            "T: 1 -> 4 by 2027-13-01",
            "T: 1 -> 4 2027-06-30",
            "T: 1 -> bye 2027-06-30",
        ] {
            let g = Goal::parse(text);
            assert_eq!(g.due, None, "{text}");
            assert_eq!(g.to_string(), text);
        }
    }

    #[test]
    fn direction_follows_the_target_and_needs_one_unit() {
        let dir = |t: &str| Goal::parse(t).direction();
        assert_eq!(
            dir("Tickets: 1200/month -> 400/month"),
            Some(Direction::Down)
        );
        assert_eq!(dir("Stars: 4 stars -> 4.5stars"), Some(Direction::Up));
        assert_eq!(dir("Mixed: 4% -> 5 pts"), None);
        assert_eq!(dir("Hold: 2% -> 2%"), None);
        assert_eq!(dir("Time: 2m40s -> 1m"), None);
        assert_eq!(dir("No baseline: -> 4%"), None);
    }

    #[test]
    fn a_second_reading_of_a_day_corrects_the_first() {
        let mut g = Goal::parse("Conversion: 3.1% -> 4%");
        let reading = |d: u32, value: f64| Reading {
            date: day(2026, 11, d),
            value,
            note: None,
            extra: Extra::new(),
        };
        assert_eq!(g.record(reading(20, 3.3)), None);
        assert_eq!(g.record(reading(10, 3.2)), None);
        assert_eq!(g.record(reading(20, 3.4)).map(|r| r.value), Some(3.3));
        let values: Vec<f64> = g.readings.iter().map(|r| r.value).collect();
        assert_eq!(values, [3.2, 3.4]);
        assert_eq!(g.latest().map(|r| g.format(r.value)), Some("3.4%".into()));
    }

    #[test]
    fn goal_references_read_as_users_write_them() {
        let r: GoalRef = "v-1:2".parse().unwrap_or(GoalRef::new(VisionId(0), 0));
        assert_eq!(r, GoalRef::new(VisionId(1), 2));
        assert_eq!(r.to_string(), "V-1:2");
        for bad in ["V-1", "V-1:0", "V-1:x", "E-1:2", "V-1:+2", ":2", "V-1:2:3"] {
            let err = bad.parse::<GoalRef>().err().map(|e| e.to_string());
            assert_eq!(
                err,
                Some(format!(
                    "'{bad}' is not a goal id (like V-1:2, the second goal of V-1)"
                ))
            );
        }
    }
}
