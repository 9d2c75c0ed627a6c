//! Recording a reading of a business goal from the vision board: a small form (value, date
//! defaulting to today, note) saved through the product's `measure_goal`, as one undoable
//! edit of the goal's vision, then written like every other edit.

use chrono::NaiveDate;

use crate::model::{GoalRef, ModelError, Product, VisionId};

use super::action::{Action, RoadmapAction};
use super::app::{App, Effect, Pane, RoadmapView};
use super::build::RoadItem;
use super::form::fields::DATE;
use super::form::{Form, ReadingField, Subject};
use super::history::{Edit, Op};
use super::keymap::{Context, key_for};

/// The form for a new reading of `goal`, dated today.
pub fn form(goal: GoalRef, today: NaiveDate) -> Form<ReadingField> {
    Form::new(Subject::New(goal), |f| match f {
        ReadingField::Date => today.to_string(),
        ReadingField::Value | ReadingField::Note => String::new(),
    })
}

impl App {
    /// `r` on the vision board: the reading form for the selected goal.
    pub(super) fn record_reading(&mut self) {
        let goal = match (self.focus, self.roadmap.list.selected()) {
            (Pane::Roadmap, Some(RoadItem::Goal(goal))) => goal,
            _ => {
                let board = key_for(
                    Context::Roadmap,
                    &Action::Roadmap(RoadmapAction::ToggleGoals),
                );
                let on = if self.roadmap.view == RoadmapView::Goals {
                    "select a goal"
                } else {
                    "open the vision board"
                };
                self.message = Some(format!("{on} ({board}) to record a reading"));
                return;
            }
        };
        self.open_form(super::form::Target::Reading(goal));
    }

    /// Saves the reading, or puts each refusal at its field (`None`).
    pub(super) fn save_reading(
        &mut self,
        form: &mut Form<ReadingField>,
    ) -> Option<Result<Effect, ModelError>> {
        let (Subject::New(goal) | Subject::Edit(goal)) = form.subject;
        let value = form.get(ReadingField::Value);
        if value.is_empty() {
            form.refuse(ReadingField::Value, "a value is required".into());
            return None;
        }
        let date_text = form.get(ReadingField::Date);
        let date = if date_text.is_empty() {
            self.today
        } else {
            match crate::model::parse_date(&date_text) {
                Some(d) => d,
                None => {
                    let why = format!("'{date_text}' is not a date ({DATE})");
                    form.refuse(ReadingField::Date, why);
                    return None;
                }
            }
        };
        let note = Some(form.get(ReadingField::Note)).filter(|n| !n.is_empty());
        let today = self.today;
        let what = format!("recorded a reading of {goal}");
        let result = self.commit_vision(goal.vision, what, |p| {
            p.measure_goal(goal, &value, date, today, note)
        });
        match result {
            Ok((measured, effect)) => {
                let shown = self
                    .product
                    .goal(goal)
                    .map_or(measured.value.to_string(), |g| g.format(measured.value));
                let date = self.dates.date(date);
                self.message = Some(match measured.replaced {
                    Some(_) => format!("replaced the reading of {goal} on {date} with {shown}"),
                    None => format!("recorded {shown} for {goal} on {date}"),
                });
                Some(Ok(effect))
            }
            // The form names the goal already: the value and what to write do.
            Err(ModelError::BadReading { value, hint, .. }) => {
                form.refuse(ReadingField::Value, format!("'{value}': {hint}"));
                None
            }
            Err(e @ ModelError::NotMeasurable { .. }) => {
                form.refuse(ReadingField::Value, e.to_string());
                None
            }
            Err(e @ ModelError::OutOfRange { .. }) => {
                form.refuse(ReadingField::Date, e.to_string());
                None
            }
            Err(e) => Some(Err(e)),
        }
    }

    /// Like [`commit`](Self::commit) for a change to one vision (its goals' readings): only
    /// the vision's images are kept, so a reading costs nothing at 100,000 stories.
    fn commit_vision<T>(
        &mut self,
        id: VisionId,
        what: String,
        change: impl FnOnce(&mut Product) -> Result<T, ModelError>,
    ) -> Result<(T, Effect), ModelError> {
        let image = |p: &Product| -> Result<Op, ModelError> {
            let at = p
                .visions()
                .iter()
                .position(|v| v.id == id)
                .ok_or_else(|| ModelError::not_found("vision", id.to_string()))?;
            Ok(Op::Vision(Box::new(p.visions()[at].clone()), at + 1))
        };
        let undo = image(&self.product)?;
        // `measure_goal` checks everything before it changes anything.
        let out = change(&mut self.product)?;
        let redo = image(&self.product)?;
        self.history.record(Edit {
            what: what.clone(),
            redo,
            undo,
        });
        Ok((out, self.edited(what)))
    }
}
