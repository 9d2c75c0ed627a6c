//! Why the model refused a change. Messages name the thing and the bad value; the store and
//! the CLI add which file it was.

use chrono::NaiveDate;
use thiserror::Error;

use super::SprintRef;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ModelError {
    #[error("'{value}' is not {} {kind} id (like {example})", article(kind))]
    BadId {
        kind: &'static str,
        value: String,
        example: &'static str,
    },
    #[error("'{value}' is not a {what} (one of: {choices})")]
    BadChoice {
        what: &'static str,
        value: String,
        choices: String,
    },
    #[error("no {kind} {id}")]
    NotFound { kind: &'static str, id: String },
    #[error("{story} cannot be blocked by itself")]
    BlockedBySelf { story: String },
    #[error("blocked-by cycle: {path}")]
    BlockedByCycle { path: String },
    #[error("sprint {sprint} would end ({end}) before it starts ({start})")]
    EndBeforeStart {
        sprint: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    #[error("sprint {sprint} is already running")]
    AlreadyRunning { sprint: String },
    #[error("sprint {active} is already active; close it before starting {wanted}")]
    SecondActiveSprint { active: String, wanted: String },
    #[error("sprint {sprint} is {state}; cannot {action}")]
    SprintState {
        sprint: String,
        state: &'static str,
        action: &'static str,
    },
    #[error("{what} must be {rule}, not {value}")]
    OutOfRange {
        what: &'static str,
        rule: &'static str,
        value: String,
    },
    #[error("{story} has no acceptance criterion {number} (it has {count})")]
    NoCriterion {
        story: String,
        number: usize,
        count: usize,
    },
    #[error("{story} has no Definition of Done item {number} (there are {count})")]
    NoDodItem {
        story: String,
        number: usize,
        count: usize,
    },
    #[error("{story} cannot be done while items are open: {open}")]
    OpenAtDone {
        story: String,
        open: String,
        /// How many criteria and DoD items are open, for a question that counts them.
        criteria: usize,
        dod: usize,
    },
    #[error("no template '{name}' ({known})")]
    NoTemplate { name: String, known: String },
    #[error("a {kind} named '{name}' already exists")]
    DuplicateName { kind: &'static str, name: String },
    #[error("cannot place {id} relative to itself")]
    MoveRelativeToSelf { id: String },
    #[error("{what} must not be empty")]
    Empty { what: &'static str },
    #[error("no open conflict on {entity} '{field}' (`roadlog conflicts` lists them)")]
    NoConflict { entity: String, field: String },
    #[error("'{value}' cannot be {entity} '{field}': {why}")]
    BadFieldValue {
        entity: String,
        field: String,
        value: String,
        why: String,
    },
    /// A refusal while importing, with the place in the source file that caused it.
    #[error("{source} ({place})")]
    FromSource {
        place: String,
        source: Box<ModelError>,
    },
    #[error("{}", no_sprint_at(*.at))]
    NoSprintAt { at: SprintRef },
    #[error("{vision} has no goal {number} (it has {count})")]
    NoGoal {
        vision: String,
        number: usize,
        count: usize,
    },
    #[error("goal {goal} ('{text}') cannot take readings: {why}")]
    NotMeasurable {
        goal: String,
        text: String,
        why: String,
    },
    #[error("'{value}' is not a reading of goal {goal}: {hint}")]
    BadReading {
        goal: String,
        value: String,
        hint: String,
    },
}

fn no_sprint_at(at: SprintRef) -> &'static str {
    match at {
        SprintRef::Current => "no sprint is active ('current' is the active sprint)",
        SprintRef::Next => "no sprint is planned ('next' is the next planned sprint)",
        SprintRef::Last => "no sprint has closed yet ('last' is the one that closed last)",
    }
}

impl ModelError {
    pub(crate) fn not_found(kind: &'static str, id: impl ToString) -> Self {
        ModelError::NotFound {
            kind,
            id: id.to_string(),
        }
    }
}

/// `a` or `an` before `word`, by its first letter (enough for the kinds of id).
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
