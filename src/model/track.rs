//! Is a goal on track? Its latest reading against the straight line from the baseline (on
//! the day it held) to the target (on the due date).
//!
//! - progress: how far the latest reading has come from the baseline to the target, as a
//!   share of the whole distance (0 at the baseline, 1 at the target; below 0 is worse than
//!   the baseline, above 1 is past the target). It works the same for goals going up and down.
//! - expected: the share of the time from the baseline's day to the due date that had passed
//!   on the day of the reading: where the straight line says the metric should be.
//! - **on-track**: progress at or ahead of the line (or the target reached);
//!   **at-risk**: behind the line by at most [`AT_RISK_BAND`] (a tenth of the distance from
//!   baseline to target) while the due date is still ahead;
//!   **off-track**: further behind, or the due date reached (by the reading or by today)
//!   without reaching the target.

use chrono::NaiveDate;

use super::goals::{Goal, Reading};

/// How far behind the line a goal may be and still count as at risk rather than off
/// track, as a share of the distance from its baseline to its target.
pub const AT_RISK_BAND: f64 = 0.10;

/// Where a goal stands; see the module documentation for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Track {
    OnTrack,
    AtRisk,
    OffTrack,
    /// Not enough typed to say: why.
    Unknown(Unknown),
}

/// What a goal lacks for a track state (or for progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    NoNumericTarget,
    NoNumericBaseline,
    UnitsDiffer,
    BaselineIsTarget,
    NoReading,
    NoDueDate,
}

impl Track {
    /// The word printed and saved in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Track::OnTrack => "on-track",
            Track::AtRisk => "at-risk",
            Track::OffTrack => "off-track",
            Track::Unknown(_) => "unknown",
        }
    }
}

impl Unknown {
    pub fn as_str(self) -> &'static str {
        match self {
            Unknown::NoNumericTarget => "no numeric target",
            Unknown::NoNumericBaseline => "no numeric baseline",
            Unknown::UnitsDiffer => "baseline and target in different units",
            Unknown::BaselineIsTarget => "the baseline is the target",
            Unknown::NoReading => "no reading yet",
            Unknown::NoDueDate => "no due date",
        }
    }
}

/// A goal's standing on a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalStatus<'a> {
    pub latest: Option<&'a Reading>,
    /// From the baseline (0) to the target (1); `None` when not computable.
    pub progress: Option<f64>,
    /// Where the straight line stood on the day of the latest reading, on the same scale.
    pub expected: Option<f64>,
    pub track: Track,
}

impl Goal {
    /// The goal's standing: its latest reading judged at that reading's day, and off track
    /// once `today` is past the due date without the target reached.
    pub fn status(&self, today: NaiveDate) -> GoalStatus<'_> {
        let latest = self.latest();
        let mut status = GoalStatus {
            latest,
            progress: None,
            expected: None,
            track: Track::OnTrack,
        };
        let (baseline, distance) = match self.distance() {
            Ok(d) => d,
            Err(why) => return status.unknown(why),
        };
        let Some(reading) = latest else {
            return status.unknown(Unknown::NoReading);
        };
        let progress = (reading.value - baseline) / distance;
        status.progress = Some(progress);
        let Some(due) = self.due else {
            return status.unknown(Unknown::NoDueDate);
        };
        let start = self.since.or(self.first_reading_day());
        let expected = match start {
            Some(start) if due > start => {
                let passed = (reading.date - start).num_days() as f64;
                (passed / (due - start).num_days() as f64).clamp(0.0, 1.0)
            }
            _ => 1.0,
        };
        status.expected = Some(expected);
        let due_reached = reading.date >= due || today > due;
        status.track = if progress >= 1.0 || (progress >= expected && !due_reached) {
            Track::OnTrack
        } else if !due_reached && progress >= expected - AT_RISK_BAND {
            Track::AtRisk
        } else {
            Track::OffTrack
        };
        status
    }

    /// The baseline and the signed distance to the target, when both are numbers in one
    /// unit and differ.
    fn distance(&self) -> Result<(f64, f64), Unknown> {
        let target = self.target_quantity().ok_or(Unknown::NoNumericTarget)?;
        let baseline = self.baseline().ok_or(Unknown::NoNumericBaseline)?;
        if !baseline.unit.same_as(&target.unit) {
            return Err(Unknown::UnitsDiffer);
        }
        let d = target.value - baseline.value;
        if d == 0.0 {
            return Err(Unknown::BaselineIsTarget);
        }
        Ok((baseline.value, d))
    }
}

impl GoalStatus<'_> {
    fn unknown(mut self, why: Unknown) -> Self {
        self.track = Track::Unknown(why);
        self
    }
}
