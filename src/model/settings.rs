//! Document settings: choices a team makes once for its whole backlog.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Extra;
use super::commits::CommitSettings;
use super::scoring::Scoring;
use super::templates::Template;

/// Stored in the product as `settings`; left out of the file while everything is default,
/// so documents that never changed a setting save as they were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    /// Burndowns leave out Saturdays and Sundays: nobody burns points then, and a flat
    /// weekend step reads as a stall.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skip_weekends: bool,
    /// How epics are ranked by value: RICE (the default) or WSJF.
    #[serde(default, skip_serializing_if = "Scoring::is_default")]
    pub scoring: Scoring,
    /// The team's story-point scale, smallest first (the `p` picker offers these).
    #[serde(default = "default_scale", skip_serializing_if = "is_default_scale")]
    pub points_scale: Vec<u32>,
    /// Named story presets (`story add --template bug`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<Template>,
    /// The checklist every story must meet before it is done, beside its own criteria.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definition_of_done: Vec<String>,
    /// Whether `fixes S-n` commits move stories, and where to.
    #[serde(default, skip_serializing_if = "CommitSettings::is_default")]
    pub commits: CommitSettings,
    /// How many of the last closed sprints forecasts draw their velocities from.
    #[serde(
        default = "default_forecast_window",
        skip_serializing_if = "is_default_forecast_window"
    )]
    pub forecast_window: usize,
    /// How many earlier versions the store keeps beside the document (0: none).
    #[serde(
        default = "default_backups",
        skip_serializing_if = "is_default_backups"
    )]
    pub backups: usize,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The estimation scale teams start with (Fibonacci-like).
pub const DEFAULT_SCALE: [u32; 8] = [0, 1, 2, 3, 5, 8, 13, 21];

fn default_scale() -> Vec<u32> {
    DEFAULT_SCALE.to_vec()
}

fn is_default_scale(scale: &[u32]) -> bool {
    scale == DEFAULT_SCALE
}

/// Six sprints: enough to show the team's spread, recent enough to be its pace now.
pub const DEFAULT_FORECAST_WINDOW: usize = 6;

fn default_forecast_window() -> usize {
    DEFAULT_FORECAST_WINDOW
}

fn is_default_forecast_window(window: &usize) -> bool {
    *window == DEFAULT_FORECAST_WINDOW
}

/// Twenty versions: a day of grooming in the TUI, at a few hundred kilobytes each.
pub const DEFAULT_BACKUPS: usize = 20;

fn default_backups() -> usize {
    DEFAULT_BACKUPS
}

fn is_default_backups(count: &usize) -> bool {
    *count == DEFAULT_BACKUPS
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            skip_weekends: false,
            scoring: Scoring::default(),
            points_scale: default_scale(),
            templates: Vec::new(),
            definition_of_done: Vec::new(),
            commits: CommitSettings::default(),
            forecast_window: DEFAULT_FORECAST_WINDOW,
            backups: DEFAULT_BACKUPS,
            extra: Extra::new(),
        }
    }
}

impl Settings {
    pub fn is_default(&self) -> bool {
        self == &Settings::default()
    }
}

impl super::Product {
    /// How many earlier versions of the document the store keeps.
    pub fn backups_kept(&self) -> usize {
        self.settings.backups
    }

    /// Sets how many earlier versions the store keeps; 0 keeps none.
    pub fn set_backups_kept(&mut self, count: usize) {
        self.settings.backups = count;
    }
}
