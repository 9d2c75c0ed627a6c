//! How epics are scored, chosen per document: RICE (the default) or WSJF (weighted
//! shortest job first: cost of delay over job size). Both sets of inputs are kept on every
//! epic, so switching the document's method loses nothing.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::entities::Epic;
use super::{EpicId, ModelError, Product};

/// WSJF inputs, each on the team's relative scale (often 1, 2, 3, 5, 8, 13, 20).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Wsjf {
    pub business_value: f64,
    pub time_criticality: f64,
    pub risk_reduction: f64,
    pub job_size: f64,
}

impl Wsjf {
    pub fn score(&self) -> f64 {
        if self.job_size <= 0.0 {
            return 0.0;
        }
        (self.business_value + self.time_criticality + self.risk_reduction) / self.job_size
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scoring {
    #[default]
    Rice,
    Wsjf,
}

impl Scoring {
    pub fn is_default(&self) -> bool {
        *self == Scoring::default()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scoring::Rice => "RICE",
            Scoring::Wsjf => "WSJF",
        }
    }
}

impl Product {
    pub fn scoring(&self) -> Scoring {
        self.settings.scoring
    }

    /// The team's point scale (the default Fibonacci-like one unless the document says).
    pub fn points_scale(&self) -> &[u32] {
        &self.settings.points_scale
    }

    pub fn set_scoring(&mut self, scoring: Scoring) {
        self.settings.scoring = scoring;
    }

    /// The epic's score under the document's method, if its inputs are set.
    pub fn epic_score(&self, epic: &Epic) -> Option<f64> {
        match self.settings.scoring {
            Scoring::Rice => epic.score(),
            Scoring::Wsjf => epic.wsjf.map(|w| w.score()),
        }
    }

    /// Sets or clears an epic's WSJF inputs. Values must be zero or more and the job size
    /// more than zero.
    pub fn set_epic_wsjf(&mut self, id: EpicId, wsjf: Option<Wsjf>) -> Result<(), ModelError> {
        let i = self.epic_index(id)?;
        if let Some(w) = &wsjf {
            super::limits::check_wsjf(w)?;
        }
        self.epics[i].wsjf = wsjf;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn settings_and_wsjf_are_written_only_when_used_and_read_back() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut p = crate::demo::sample(today, 40).unwrap();
        let plain = serde_json::to_string(&p).unwrap();
        assert!(!plain.contains("settings") && !plain.contains("wsjf"));
        let e = p.epics()[0].id;
        let w = Wsjf {
            business_value: 8.0,
            time_criticality: 5.0,
            risk_reduction: 3.0,
            job_size: 4.0,
        };
        p.set_epic_wsjf(e, Some(w)).unwrap();
        p.set_scoring(Scoring::Wsjf);
        let text = serde_json::to_string(&p).unwrap();
        assert!(text.contains(r#""settings":{"scoring":"wsjf"}"#));
        let back: Product = serde_json::from_str(&text).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.epic_score(&back.epics()[0]), Some(4.0));
        let mut doc = serde_json::to_value(&back).unwrap();
        doc["settings"]["points_scale"] = serde_json::json!([1, 2, 4, 8]);
        let team: Product = serde_json::from_value(doc).unwrap();
        assert_eq!(team.points_scale(), [1, 2, 4, 8]);
        assert_eq!(team.scoring(), Scoring::Wsjf);
        let bad = Wsjf { job_size: 0.0, ..w };
        assert!(p.set_epic_wsjf(e, Some(bad)).is_err());
    }
}
