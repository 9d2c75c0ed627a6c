//! What a recovery file kept, offered back at the next start: the question (before anything
//! else), and each answer. "Restore" puts the form back as it was typed and re-applies the
//! unsaved edits through the one save path, which merges them with the file as it is now;
//! "discard" deletes the file; "later" keeps it for the next start. The App only decides:
//! the session asks the store to delete a file, and only once what it kept is back (in the
//! form, or saved).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::DateFormat;
use crate::model::Product;
use crate::safe_text;
use crate::store::{Draft, Recovered};

use super::action::{Action, QuestionAction};
use super::app::{App, Effect};
use super::form::{EpicField, FieldId, ReadingField, SprintField, StoryField, Target, VisionField};
use super::keymap::{Context, hint};
use super::overlay::Overlay;
use super::sync::SharedProduct;

/// The offer on screen: what the file holds, and the question's lines.
#[derive(Debug)]
pub struct Offer {
    pub recovered: Recovered,
    pub lines: Vec<String>,
}

/// What the session does with a recovery file after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropRecovery {
    pub path: PathBuf,
    /// Delete it once this edit is on disk; `None`: now.
    pub once_saved: Option<u64>,
}

/// The file's name, for messages: it is beside the document.
pub fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What names the draft's item: its first field (a title, a sprint's name) as typed, else,
/// for an edit, the item's as it stands.
fn item_title(p: &Product, target: Option<Target>, draft: &Draft) -> Option<String> {
    let first = match target? {
        Target::NewStory(_) | Target::Story(_) => StoryField::ALL[0].label(),
        Target::NewEpic(_) | Target::Epic(_) => EpicField::ALL[0].label(),
        Target::NewVision | Target::Vision(_) => VisionField::ALL[0].label(),
        Target::NewSprint | Target::Sprint(_) => SprintField::ALL[0].label(),
        Target::Reading(_) => ReadingField::ALL[0].label(),
    };
    let typed = draft
        .fields
        .iter()
        .find(|f| f.name == first && !f.text.trim().is_empty());
    if let Some(typed) = typed {
        return Some(typed.text.clone());
    }
    match target? {
        Target::Story(id) => p.story(id).ok().map(|s| s.title.clone()),
        Target::Epic(id) => p.epic(id).ok().map(|e| e.title.clone()),
        Target::Vision(id) => p.vision(id).ok().map(|v| v.title.clone()),
        Target::Sprint(id) => p.sprint(id).ok().map(|s| s.name.clone()),
        _ => None,
    }
}

fn question_lines(
    p: &Product,
    dates: &DateFormat,
    recovered: &Recovered,
    waiting: usize,
) -> Vec<String> {
    let key = |answer, word| hint(Context::Confirm, &Action::Question(answer), word);
    let form = recovered
        .draft
        .as_ref()
        .map(|d| (d, d.form.as_deref().and_then(Target::from_key)));
    let what = match (&form, &recovered.edits) {
        (Some((_, target)), edits) => {
            let noun = target.map_or("form", Target::noun);
            let edits = if edits.is_some() {
                " and the edits that were not saved"
            } else {
                ""
            };
            format!("Restore the {noun} you were writing{edits}?")
        }
        (None, _) => "Restore the edits that were not saved?".to_string(),
    };
    let mut lines = vec![what];
    if let Some((draft, target)) = form {
        let id = match target {
            Some(Target::Story(id)) => id.to_string(),
            Some(Target::Epic(id)) => id.to_string(),
            Some(Target::Vision(id)) => id.to_string(),
            Some(Target::Sprint(id)) => id.to_string(),
            _ => draft.what.to_lowercase(),
        };
        let title = item_title(p, target, draft).map_or_else(
            || "no title yet".to_string(),
            |t| safe_text::truncate(&t, 40).into_owned(),
        );
        lines.push(format!("({id} · {title})"));
    }
    if let Some((product, base)) = &recovered.edits {
        // What the edits change, in the words `roadlog backups` uses.
        let summary = crate::store::backup_summary(base, &crate::store::encode(product));
        lines.push(format!("Not saved: {summary}."));
    }
    lines.push(format!(
        "Kept in {} at {} UTC: {}.",
        name(&recovered.path),
        dates.moment(recovered.written),
        recovered.reason
    ));
    match waiting {
        0 => {}
        1 => lines.push("1 more recovery file waits for the next start.".into()),
        n => lines.push(format!("{n} more recovery files wait for the next start.")),
    }
    lines.push(
        [
            key(QuestionAction::Yes, "restore"),
            key(QuestionAction::No, "discard it"),
            key(QuestionAction::Later, "not now (kept)"),
        ]
        .join(" · "),
    );
    lines
}

impl App {
    /// At start: asks whether to bring back what `recovered` kept; `waiting` more files
    /// are offered at later starts.
    pub fn offer_recovery(&mut self, recovered: Recovered, waiting: usize) {
        let lines = question_lines(&self.product, &self.dates, &recovered, waiting);
        self.overlays
            .push(Overlay::Recovery(Box::new(Offer { recovered, lines })));
    }

    /// The answer to the recovery offer on top.
    pub(super) fn answer_recovery(&mut self, answer: QuestionAction) -> Effect {
        if !matches!(self.overlays.top(), Some(Overlay::Recovery(_))) {
            return Effect::None;
        }
        let Some(Overlay::Recovery(offer)) = self.overlays.pop() else {
            return Effect::None;
        };
        let recovered = offer.recovered;
        let file = name(&recovered.path);
        match answer {
            QuestionAction::Yes | QuestionAction::All => self.restore(recovered),
            QuestionAction::No => {
                self.message = Some(format!("discarded {file}: what it kept is gone"));
                Effect::DropRecovery(DropRecovery {
                    path: recovered.path,
                    once_saved: None,
                })
            }
            QuestionAction::Later | QuestionAction::QuitAnyway => {
                self.message = Some(format!("kept {file}: offered again at the next start"));
                Effect::None
            }
        }
    }

    fn restore(&mut self, recovered: Recovered) -> Effect {
        let file = name(&recovered.path);
        let mut once_saved = None;
        if let Some((product, base)) = recovered.edits {
            // The edits as they were, on the version they were made on: the next save
            // merges them with the file as it is now, as any edit is.
            self.product = SharedProduct::new(product);
            self.history.clear_since(format!("restoring {file}"));
            once_saved = Some(self.sync.restored(Arc::new(base)));
            self.product_changed();
        }
        let form = match &recovered.draft {
            Some(draft) => self.reopen(draft).map(Some),
            None => Ok(None),
        };
        // Short messages: the footer is one line of 80 columns.
        let edits = once_saved.map_or("", |_| "; saving the edits");
        match form {
            Ok(noun) => {
                let what = match (noun, once_saved) {
                    (Some(noun), None) => format!("the {noun} you were writing"),
                    (Some(noun), Some(_)) => format!("the {noun} and the unsaved edits"),
                    (None, _) => "the unsaved edits".to_string(),
                };
                self.message = Some(format!("restored {what} from {file}"));
                Effect::DropRecovery(DropRecovery {
                    path: recovered.path,
                    once_saved,
                })
            }
            Err(why) => {
                // The form's text is only in the file: it stays.
                self.message = Some(format!("{file} kept: {why}{edits}"));
                if once_saved.is_some() {
                    Effect::Save
                } else {
                    Effect::None
                }
            }
        }
    }

    /// Opens the draft's form again with its text as typed, the cursor at the end of the
    /// field it was typed in; what it makes or edits, for the message.
    fn reopen(&mut self, draft: &Draft) -> Result<&'static str, String> {
        let target = draft
            .form
            .as_deref()
            .and_then(Target::from_key)
            .ok_or_else(|| "it does not say which form it was".to_string())?;
        let p = &self.product;
        let missing = match target {
            Target::Story(id) => p.story(id).err().map(|_| id.to_string()),
            Target::Epic(id) => p.epic(id).err().map(|_| id.to_string()),
            Target::Vision(id) => p.vision(id).err().map(|_| id.to_string()),
            Target::Sprint(id) => p.sprint(id).err().map(|_| id.to_string()),
            Target::Reading(goal) => p.goal(goal).err().map(|_| goal.to_string()),
            Target::NewStory(_) | Target::NewEpic(_) | Target::NewVision | Target::NewSprint => {
                None
            }
        };
        if let Some(id) = missing {
            return Err(format!("{id} is gone, so its form cannot come back"));
        }
        self.open_form(target);
        let Some(Overlay::Form(form)) = self.overlays.top_mut() else {
            return Err("the form did not open".into());
        };
        let fields = form.fields_mut();
        for kept in &draft.fields {
            let Some(field) = fields.list.iter_mut().find(|f| f.label == kept.name) else {
                self.overlays.pop();
                return Err(format!("its form has no field '{}' here", kept.name));
            };
            field.restore_text(&kept.text);
        }
        if let Some(focus) = &draft.focus {
            fields.focus_on(focus);
        }
        Ok(target.noun())
    }
}
