//! Status names as other tools write them, mapped to roadlog's statuses: Jira's usual
//! workflow names, Backlog.md's defaults, then roadlog's own words; case, spaces and
//! punctuation do not matter.

use crate::model::StoryStatus;

/// `None` for a name none of them knows: the caller reports it.
pub fn status_named(name: &str) -> Option<StoryStatus> {
    let word: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match word.as_str() {
        "backlog" | "new" | "draft" | "funnel" => Some(StoryStatus::Draft),
        "todo" | "open" | "selectedfordevelopment" | "ready" | "reopened" => {
            Some(StoryStatus::Ready)
        }
        "inprogress" | "indevelopment" | "doing" => Some(StoryStatus::InProgress),
        "inreview" | "review" | "codereview" | "qa" | "inqa" | "testing" | "intest" => {
            Some(StoryStatus::Review)
        }
        "done" | "closed" | "resolved" | "complete" | "completed" => Some(StoryStatus::Done),
        _ => name.parse().ok(),
    }
}
