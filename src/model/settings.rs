//! Document settings: choices a team makes once for its whole backlog.

use serde::{Deserialize, Serialize};

use super::Extra;
use super::scoring::Scoring;

/// Stored in the product as `settings`; left out of the file while everything is default,
/// so documents that never changed a setting save as they were.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Burndowns leave out Saturdays and Sundays: nobody burns points then, and a flat
    /// weekend step reads as a stall.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skip_weekends: bool,
    /// How epics are ranked by value: RICE (the default) or WSJF.
    #[serde(default, skip_serializing_if = "Scoring::is_default")]
    pub scoring: Scoring,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Settings {
    pub fn is_default(&self) -> bool {
        self == &Settings::default()
    }
}
