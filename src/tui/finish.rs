//! Asking before a story is marked done while items are open on it: unticked acceptance
//! criteria or Definition of Done items. Every path that sets done in the UI (the status
//! key, the status picker for marked stories, the sprint board, the story form) asks the
//! same question, naming what is open; "yes" makes the move anyway (the sprint review then
//! lists the story as done with exceptions), "no" changes nothing.

use crate::model::{OpenItem, Product, StoryId, StoryStatus};

use super::action::QuestionAction;
use super::app::App;
use super::overlay::Overlay;
use super::question::{Question, Then};

/// Whether a change that may set done asks first (the first try) or not (after "yes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Ask,
    Anyway,
}

/// What is open on one story: criteria and DoD items, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    /// The story's id, or "the new story".
    pub story: String,
    pub criteria: usize,
    pub dod: usize,
}

/// What is open on each of `ids` that a move to `status` would mark done (stories already
/// done are not asked about again).
pub fn open_at_done(p: &Product, ids: &[StoryId], status: StoryStatus) -> Vec<Open> {
    if status != StoryStatus::Done {
        return Vec::new();
    }
    ids.iter()
        .filter_map(|id| p.story(*id).ok())
        .filter(|s| !s.is_done())
        .filter_map(|s| {
            let items = p.open_items(s);
            let criteria = items
                .iter()
                .filter(|o| matches!(o, OpenItem::Criterion(..)))
                .count();
            let open = Open {
                story: s.id.to_string(),
                criteria,
                dod: items.len() - criteria,
            };
            (!items.is_empty()).then_some(open)
        })
        .collect()
}

/// "2 open criteria and 1 DoD item unticked".
fn counted(o: &Open) -> String {
    let criteria = match o.criteria {
        0 => None,
        1 => Some("1 open criterion".to_string()),
        n => Some(format!("{n} open criteria")),
    };
    let dod = match o.dod {
        0 => None,
        1 => Some("1 DoD item unticked".to_string()),
        n => Some(format!("{n} DoD items unticked")),
    };
    criteria
        .into_iter()
        .chain(dod)
        .collect::<Vec<_>>()
        .join(" and ")
}

/// "S-4 has 2 open criteria and 1 DoD item unticked: mark it done anyway?", or for several
/// stories each with its counts.
pub fn question_text(open: &[Open], of: usize) -> String {
    match open {
        [one] if of <= 1 => format!("{} has {}: mark it done anyway?", one.story, counted(one)),
        many => {
            let each: Vec<String> = many
                .iter()
                .map(|o| format!("{} has {}", o.story, counted(o)))
                .collect();
            let of = if of > many.len() {
                format!("Of {of} marked stories, ")
            } else {
                String::new()
            };
            format!("{of}{}: mark them done anyway?", each.join("; "))
        }
    }
}

impl App {
    /// Asks whether to finish stories with items open; `then` is what "yes" does.
    pub(super) fn ask_finish(&mut self, open: &[Open], of: usize, then: Then) {
        self.overlays.push(Overlay::Question(Question {
            lines: vec![question_text(open, of)],
            answers: vec![
                (QuestionAction::Yes, "mark done anyway".into()),
                (QuestionAction::No, "leave it as it is".into()),
            ],
            then,
        }));
    }
}
