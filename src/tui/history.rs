//! The undo history, and how every edit reaches it. Each edit is a pair of small
//! operations, the one that does it and the one that undoes it, computed from what the
//! edit touches (a story's old place, an epic's old horizon, a story's before-image, or the
//! [`diff`](super::diff) of what a larger change touched), never a copy of the whole
//! document. The panes' edit keys (rank, horizon, status, scoring) live here too.

use crate::model::{
    Conflict, Epic, EpicId, EpicPatch, EpicStories, Head, Horizon, ModelError, Place, Product,
    Scoring, Sprint, SprintId, Story, StoryId, Vision, VisionId,
};

use super::action::{Action, RoadmapAction};
use super::app::{App, Effect, Pane};
use super::build::RoadItem;
use super::finish::open_at_done;
use super::keymap::{Context, key_for};
use super::question::Then;

/// One change to the product, applied through its named methods.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    MoveStory(StoryId, Place<StoryId>),
    MoveEpic(EpicId, Place<EpicId>),
    Horizon(EpicId, Horizon),
    /// Put a story back exactly as given, at a 1-based rank (status changes and their undo:
    /// restoring the image also restores the status history and timestamps byte for byte).
    Story(Box<Story>, usize),
    /// Take a story out (the undo of its creation).
    RemoveStory(StoryId),
    /// Put an epic back as given, at a 1-based rank.
    Epic(Box<Epic>, usize),
    RemoveEpic(EpicId),
    /// Put a vision back as given, at a 1-based position.
    Vision(Box<Vision>, usize),
    RemoveVision(VisionId),
    /// Put a sprint back as given, at a 1-based position (never across a start or close).
    Sprint(Box<Sprint>, usize),
    /// Put a sprint back as given across its start or close: the undo and redo of those.
    SprintAcross(Box<Sprint>, usize),
    RemoveSprint(SprintId),
    /// Several operations in order, as one undo step.
    Batch(Vec<Op>),
    /// The document's scoring method (a setting, not an entity).
    Scoring(Scoring),
    /// The document's open merge conflicts, as a whole list (settling one, and its undo).
    Conflicts(Vec<Conflict>),
    /// The document's own fields (name, settings, unknown ones) as they were.
    Head(Box<Head>),
}

impl Op {
    /// The stories this operation puts back, moves or removes, in order.
    pub fn stories_touched(&self) -> Vec<StoryId> {
        match self {
            Op::MoveStory(id, _) | Op::RemoveStory(id) => vec![*id],
            Op::Story(story, _) => vec![story.id],
            Op::Batch(ops) => ops.iter().flat_map(Op::stories_touched).collect(),
            _ => Vec::new(),
        }
    }

    /// The story this operation only moves in the ranking, if that is all it does.
    pub fn moved_story(&self) -> Option<StoryId> {
        match self {
            Op::MoveStory(id, _) => Some(*id),
            Op::Batch(ops) if ops.len() == 1 => ops.first().and_then(Op::moved_story),
            _ => None,
        }
    }

    pub fn apply(&self, product: &mut Product) -> Result<(), ModelError> {
        match self {
            Op::MoveStory(id, place) => product.move_story(*id, *place),
            Op::MoveEpic(id, place) => product.move_epic(*id, *place),
            Op::Horizon(id, h) => product.update_epic(
                *id,
                EpicPatch {
                    horizon: Some(*h),
                    ..EpicPatch::default()
                },
            ),
            Op::Story(story, rank) => product.restore_story((**story).clone(), *rank),
            Op::RemoveStory(id) => product.remove_story(*id).map(drop),
            Op::Epic(epic, rank) => product.restore_epic((**epic).clone(), *rank),
            // Its stories were put back as they should be by the batch's story steps.
            Op::RemoveEpic(id) => product.remove_epic(*id, EpicStories::Detach).map(drop),
            Op::Vision(v, at) => product.restore_vision((**v).clone(), *at),
            Op::RemoveVision(id) => product.remove_vision(*id).map(drop),
            Op::Sprint(s, at) => product.restore_sprint((**s).clone(), *at),
            Op::SprintAcross(s, at) => product.restore_sprint_across((**s).clone(), *at),
            Op::RemoveSprint(id) => product.remove_sprint(*id).map(drop),
            Op::Scoring(s) => {
                product.set_scoring(*s);
                Ok(())
            }
            Op::Conflicts(open) => {
                product.restore_conflicts(open.clone());
                Ok(())
            }
            Op::Head(head) => {
                product.restore_head((**head).clone());
                Ok(())
            }
            // One operation is all or nothing by itself (the product's methods are).
            Op::Batch(ops) if ops.len() == 1 => ops.iter().try_for_each(|op| op.apply(product)),
            // All or nothing: a half-applied batch would leave a document nobody asked for.
            Op::Batch(ops) => {
                let mut copy = product.clone();
                for op in ops {
                    op.apply(&mut copy)?;
                }
                *product = copy;
                Ok(())
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Shown after "undid" / "redid".
    pub what: String,
    pub redo: Op,
    pub undo: Op,
}

/// The undo and redo stacks. Bounded, since a long session should not grow without end.
#[derive(Debug, Clone, Default)]
pub struct History {
    done: Vec<Edit>,
    undone: Vec<Edit>,
    /// What last emptied the history ("the reload of 14:32 UTC"), so an undo with nothing
    /// left says why rather than only that.
    since: Option<String>,
}

/// A long session's worth of steps.
const LIMIT: usize = 1000;

impl History {
    pub fn record(&mut self, edit: Edit) {
        self.undone.clear();
        self.done.push(edit);
        if self.done.len() > LIMIT {
            self.done.remove(0);
        }
    }

    pub fn take_undo(&mut self) -> Option<Edit> {
        self.done.pop()
    }

    pub fn take_redo(&mut self) -> Option<Edit> {
        self.undone.pop()
    }

    pub fn push_undone(&mut self, edit: Edit) {
        self.undone.push(edit);
    }

    pub fn push_done(&mut self, edit: Edit) {
        self.done.push(edit);
    }

    /// Empties both stacks, since their steps refer to a document that is gone; `since`
    /// names what replaced it, for the message of an undo that finds nothing.
    pub fn clear_since(&mut self, since: String) {
        self.done.clear();
        self.undone.clear();
        self.since = Some(since);
    }
}

/// Where to put a story back so it sits where it is now: after the story before it.
pub fn story_place_now(product: &Product, id: StoryId) -> Option<Place<StoryId>> {
    let rank = product.story_rank(id).ok()?;
    Some(match rank {
        1 => Place::Top,
        r => Place::After(product.stories().get(r - 2)?.id),
    })
}

pub fn epic_place_now(product: &Product, id: EpicId) -> Option<Place<EpicId>> {
    let rank = product.epic_rank(id).ok()?;
    Some(match rank {
        1 => Place::Top,
        r => Place::After(product.epics().get(r - 2)?.id),
    })
}

/// The edit keys, as changes to [`App`]: each builds an [`Edit`], applies it, records it and
/// asks the loop to save.
impl App {
    /// `J` / `K` in the Backlog.
    pub(super) fn rank_story(&mut self, dir: isize) -> Effect {
        let edit = self.story_move(dir);
        self.perform(edit)
    }

    /// `J` / `K` in the Roadmap.
    pub(super) fn rank_epic(&mut self, dir: isize) -> Effect {
        if !self.in_rank_order() {
            return Effect::None;
        }
        let edit = self.epic_move(dir);
        self.perform(edit)
    }

    /// `T` / `B` in the Backlog: the story to the top or the bottom of the ranking.
    pub(super) fn rank_story_to(&mut self, end: End) -> Effect {
        let edit = self.backlog.list.selected().and_then(|id| {
            Some(Edit {
                what: format!("moved {id} to the {} of the backlog", end.word()),
                undo: Op::MoveStory(id, story_place_now(&self.product, id)?),
                redo: Op::MoveStory(id, end.place()),
            })
        });
        self.perform(edit)
    }

    /// `T` / `B` in the Roadmap: the epic first or last in the ranking.
    pub(super) fn rank_epic_to(&mut self, end: End) -> Effect {
        if !self.in_rank_order() {
            return Effect::None;
        }
        let edit = match self.roadmap.list.selected() {
            Some(RoadItem::Epic(id)) => epic_place_now(&self.product, id).map(|now| Edit {
                what: format!("ranked {id} at the {}", end.word()),
                undo: Op::MoveEpic(id, now),
                redo: Op::MoveEpic(id, end.place()),
            }),
            _ => None,
        };
        self.perform(edit)
    }

    /// Whether the Roadmap shows epics in rank order; if not, says how to get there: the
    /// neighbours shown are not the neighbours in the ranking.
    fn in_rank_order(&mut self) -> bool {
        if self.roadmap.sort == super::build::RoadSort::Rank {
            return true;
        }
        let sort = Action::Roadmap(RoadmapAction::CycleSort);
        let key = key_for(Context::Roadmap, &sort);
        self.message = Some(format!(
            "ranking works in rank order: press {key} until 'by rank'"
        ));
        false
    }

    /// Moves past the neighbouring story *as shown* (same filter, same epic group), so the
    /// move is always visible; the inverse puts it back after its old predecessor.
    fn story_move(&self, dir: isize) -> Option<Edit> {
        let list = &self.backlog.list;
        let id = list.selected()?;
        let items = &list.groups.get(list.group)?.items;
        let neighbour = *items.get(list.index.checked_add_signed(dir)?)?;
        let place = if dir > 0 {
            Place::After(neighbour)
        } else {
            Place::Before(neighbour)
        };
        Some(Edit {
            what: format!("moved {id}"),
            undo: Op::MoveStory(id, story_place_now(&self.product, id)?),
            redo: Op::MoveStory(id, place),
        })
    }

    fn epic_move(&self, dir: isize) -> Option<Edit> {
        let list = &self.roadmap.list;
        let Some(RoadItem::Epic(id)) = list.selected() else {
            return None;
        };
        let items = &list.groups.get(list.group)?.items;
        let Some(RoadItem::Epic(neighbour)) = items.get(list.index.checked_add_signed(dir)?) else {
            return None;
        };
        let place = if dir > 0 {
            Place::After(*neighbour)
        } else {
            Place::Before(*neighbour)
        };
        Some(Edit {
            what: format!("ranked {id}"),
            undo: Op::MoveEpic(id, epic_place_now(&self.product, id)?),
            redo: Op::MoveEpic(id, place),
        })
    }

    pub(super) fn shift_horizon(&mut self, dir: isize) -> Effect {
        let edit = (|| {
            let Some(RoadItem::Epic(id)) = self.roadmap.list.selected() else {
                return None;
            };
            let old = self.product.epic(id).ok()?.horizon;
            let i = Horizon::ALL.iter().position(|h| *h == old)?;
            let new = *Horizon::ALL.get(i.checked_add_signed(dir)?)?;
            Some(Edit {
                what: format!("moved {id} to {new}"),
                undo: Op::Horizon(id, old),
                redo: Op::Horizon(id, new),
            })
        })();
        self.perform(edit)
    }

    pub(super) fn cycle_status(&mut self) -> Effect {
        let id = match self.focus {
            Pane::Backlog => self.backlog.list.selected(),
            Pane::Sprint => self.sprint.list.selected(),
            Pane::Roadmap => None,
        };
        let Some(id) = id else {
            return Effect::None;
        };
        let (Ok(before), Ok(rank)) = (self.product.story(id), self.product.story_rank(id)) else {
            return Effect::None;
        };
        let before = before.clone();
        let next = before.status.next();
        let open = open_at_done(&self.product, &[id], next);
        if !open.is_empty() {
            let then = Then::SetStatus {
                stories: vec![id],
                status: next,
            };
            self.ask_finish(&open, 1, then);
            return Effect::None;
        }
        if let Err(e) = self.product.set_story_status(id, next, self.now) {
            return self.refused(e);
        }
        let Ok(after) = self.product.story(id).cloned() else {
            return Effect::None;
        };
        self.history.record(Edit {
            what: format!("{id} is {next}"),
            undo: Op::Story(Box::new(before), rank),
            redo: Op::Story(Box::new(after), rank),
        });
        self.edited(format!("{id} is now {next}"))
    }

    /// Runs a grooming change on a copy of the product; if it succeeds, keeps it and records
    /// what it changed as one undo step. Returns the change's own result (a new id, say).
    pub(super) fn commit<T>(
        &mut self,
        what: String,
        change: impl FnOnce(&mut Product) -> Result<T, ModelError>,
    ) -> Result<(T, Effect), ModelError> {
        let mut after = self.product.clone();
        let out = change(&mut after)?;
        let (redo, undo) = super::diff::diff(&self.product, &after);
        self.product = after;
        self.history.record(Edit {
            what: what.clone(),
            redo,
            undo,
        });
        Ok((out, self.edited(what)))
    }

    /// Starting or closing a sprint, which changes the sprints and at most the stories in
    /// `moved`: its undo and redo may put the sprints back across that start or close
    /// (`Op::SprintAcross`). A close sends its carried stories to the top of the backlog, so
    /// the undo puts them back from the lowest rank up and the redo from the top down: each
    /// image then lands among stories already where they belong. `change` is one of the
    /// product's methods, which change nothing when they refuse.
    pub(super) fn commit_across<T>(
        &mut self,
        what: String,
        moved: &[StoryId],
        change: impl FnOnce(&mut Product) -> Result<T, ModelError>,
    ) -> Result<(T, Effect), ModelError> {
        let images = |p: &Product| -> Result<Vec<(usize, Op)>, ModelError> {
            moved
                .iter()
                .map(|id| {
                    let rank = p.story_rank(*id)?;
                    Ok((rank, Op::Story(Box::new(p.story(*id)?.clone()), rank)))
                })
                .collect()
        };
        let sprints = self.product.sprints().to_vec();
        let mut before = images(&self.product)?;
        let out = change(&mut self.product)?;
        let mut after = images(&self.product)?;
        before.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        after.sort_by_key(|(rank, _)| *rank);
        let (mut undo, mut redo) = sprint_changes(&sprints, &self.product);
        undo.extend(before.into_iter().map(|(_, op)| op));
        redo.extend(after.into_iter().map(|(_, op)| op));
        let (mut undo, mut redo) = (Op::Batch(undo), Op::Batch(redo));
        across(&mut undo);
        across(&mut redo);
        self.history.record(Edit {
            what: what.clone(),
            redo,
            undo,
        });
        Ok((out, self.edited(what)))
    }

    /// `W`: switches the document between RICE and WSJF scoring.
    pub(super) fn toggle_scoring(&mut self) -> Effect {
        let old = self.product.scoring();
        let new = match old {
            Scoring::Rice => Scoring::Wsjf,
            Scoring::Wsjf => Scoring::Rice,
        };
        self.perform(Some(Edit {
            what: format!("epics scored by {}", new.as_str()),
            redo: Op::Scoring(new),
            undo: Op::Scoring(old),
        }))
    }

    /// Like [`commit`](Self::commit) for a change that only edits the given existing
    /// stories (quick keys, criteria, a story form): only their images are copied, not the
    /// whole product, which matters at 100,000 stories. On a refusal the stories already
    /// changed are put back.
    pub(super) fn commit_stories(
        &mut self,
        what: String,
        ids: &[StoryId],
        change: impl FnOnce(&mut Product) -> Result<(), ModelError>,
    ) -> Result<Effect, ModelError> {
        let images = |p: &Product| -> Result<Vec<Op>, ModelError> {
            ids.iter()
                .map(|id| {
                    Ok(Op::Story(
                        Box::new(p.story(*id)?.clone()),
                        p.story_rank(*id)?,
                    ))
                })
                .collect()
        };
        let sprints = self.product.sprints().to_vec();
        let mut before = images(&self.product)?;
        if let Err(e) = change(&mut self.product) {
            // Put back what the change did before it was refused; these images were valid
            // a moment ago, so this does not fail in practice, and says so if it does.
            let (mut back, _) = sprint_changes(&sprints, &self.product);
            back.append(&mut before);
            if let Err(back) = Op::Batch(back).apply(&mut self.product) {
                self.message = Some(format!("{e}; and could not put it back: {back}"));
            }
            return Err(e);
        }
        let (mut undo, mut redo) = sprint_changes(&sprints, &self.product);
        undo.append(&mut before);
        redo.append(&mut images(&self.product)?);
        self.history.record(Edit {
            what: what.clone(),
            redo: Op::Batch(redo),
            undo: Op::Batch(undo),
        });
        Ok(self.edited(what))
    }

    /// A new story, recorded as its own image (redo) and its removal (undo): no copy of
    /// the product. `create` adds it and returns its id; if a later step of `create` is
    /// refused, the half-made story is taken out again.
    pub(super) fn commit_new_story(
        &mut self,
        create: impl FnOnce(&mut Product) -> Result<StoryId, ModelError>,
        finish: impl FnOnce(&mut Product, StoryId) -> Result<(), ModelError>,
    ) -> Result<(StoryId, Effect), ModelError> {
        let sprints = self.product.sprints().to_vec();
        let id = create(&mut self.product)?;
        if let Err(e) = finish(&mut self.product, id) {
            if let Err(back) = self.product.remove_story(id) {
                self.message = Some(format!("{e}; and could not take {id} out: {back}"));
            }
            return Err(e);
        }
        let image = self.product.story(id)?.clone();
        let rank = self.product.story_rank(id)?;
        let (sprints_before, mut redo) = sprint_changes(&sprints, &self.product);
        redo.push(Op::Story(Box::new(image), rank));
        let mut undo = vec![Op::RemoveStory(id)];
        undo.extend(sprints_before);
        self.history.record(Edit {
            what: format!("created {id}"),
            redo: Op::Batch(redo),
            undo: Op::Batch(undo),
        });
        Ok((id, self.edited(format!("created {id}"))))
    }

    /// Deleting one story: its image and those of the stories it blocked (they lose the
    /// link) are kept for undo; no copy of the product.
    pub(super) fn commit_delete_story(&mut self, id: StoryId) -> Result<Effect, ModelError> {
        let image = |p: &Product, id: StoryId| -> Result<Op, ModelError> {
            Ok(Op::Story(Box::new(p.story(id)?.clone()), p.story_rank(id)?))
        };
        let mut undo = vec![image(&self.product, id)?];
        for dependant in self.product.stories_blocked_by(id) {
            undo.push(image(&self.product, dependant)?);
        }
        self.product.remove_story(id)?;
        let what = format!("deleted {id}");
        self.history.record(Edit {
            what: what.clone(),
            redo: Op::RemoveStory(id),
            undo: Op::Batch(undo),
        });
        Ok(self.edited(what))
    }

    /// Applies a new edit and records it.
    fn perform(&mut self, edit: Option<Edit>) -> Effect {
        let Some(edit) = edit else {
            return Effect::None;
        };
        if let Err(e) = edit.redo.apply(&mut self.product) {
            return self.refused(e);
        }
        let what = edit.what.clone();
        let moved = edit.redo.moved_story();
        self.history.record(edit);
        self.edited_by(what, moved)
    }

    pub(super) fn undo(&mut self) -> Effect {
        self.replay(Replay::Undo)
    }

    pub(super) fn redo(&mut self) -> Effect {
        self.replay(Replay::Redo)
    }

    /// Takes the last edit off one stack, applies its inverse (undo) or itself again (redo),
    /// and puts it on the other stack.
    fn replay(&mut self, way: Replay) -> Effect {
        let (taken, verb, done) = match way {
            Replay::Undo => (self.history.take_undo(), "undo", "undid"),
            Replay::Redo => (self.history.take_redo(), "redo", "redid"),
        };
        let Some(edit) = taken else {
            self.message = Some(match (&way, &self.history.since) {
                (Replay::Undo, Some(since)) => format!("nothing to undo since {since}"),
                _ => format!("nothing to {verb}"),
            });
            return Effect::None;
        };
        let op = match way {
            Replay::Undo => &edit.undo,
            Replay::Redo => &edit.redo,
        };
        if let Err(e) = op.apply(&mut self.product) {
            // The edit stays where it was: the next press must not reach past it to an
            // older one, as if this one had been undone.
            self.message = Some(format!("cannot {verb} past '{}': {e}", edit.what));
            match way {
                Replay::Undo => self.history.push_done(edit),
                Replay::Redo => self.history.push_undone(edit),
            }
            return Effect::None;
        }
        let what = format!("{done}: {}", edit.what);
        let touched = op.stories_touched();
        let moved = op.moved_story();
        match way {
            Replay::Undo => self.history.push_undone(edit),
            Replay::Redo => self.history.push_done(edit),
        }
        let effect = self.edited_by(what, moved);
        self.follow(&touched);
        effect
    }

    /// Puts the cursor on the first story an undo or redo touched that still exists, so the
    /// change is in view (a redone split shows its new part, not whatever row was there).
    fn follow(&mut self, touched: &[StoryId]) {
        if let Some(id) = touched.iter().find(|id| self.product.story(**id).is_ok()) {
            self.select_story(*id);
        }
    }

    pub(super) fn edited(&mut self, message: String) -> Effect {
        self.edited_by(message, None)
    }

    /// [`edited`](Self::edited), told whether the edit only moved one story in the
    /// ranking: then the figures and lists follow the move instead of being rebuilt.
    fn edited_by(&mut self, message: String, moved: Option<StoryId>) -> Effect {
        self.message = Some(message);
        self.sync.edited();
        match moved {
            Some(id) => self.story_moved(id),
            None => self.product_changed(),
        }
        Effect::SAVE
    }
}

/// Lets an edit's sprint images cross a start or close.
fn across(op: &mut Op) {
    match op {
        Op::Batch(ops) => ops.iter_mut().for_each(across),
        Op::Sprint(s, at) => *op = Op::SprintAcross(s.clone(), *at),
        _ => {}
    }
}

/// One end of a ranking, for `T` and `B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Top,
    Bottom,
}

impl End {
    fn place<Id>(self) -> Place<Id> {
        match self {
            End::Top => Place::Top,
            End::Bottom => Place::Bottom,
        }
    }

    fn word(self) -> &'static str {
        match self {
            End::Top => "top",
            End::Bottom => "bottom",
        }
    }
}

/// Which way an edit is replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replay {
    Undo,
    Redo,
}

/// Before- and after-images of the sprints a story edit changed. Planning a story into or
/// out of a started sprint records a scope change in the sprint, so the edit's undo must put
/// that sprint back too; sprints the edit did not touch stay out of it, so closing a sprint
/// later never makes an unrelated undo reopen it. Sprints are few, so this stays cheap.
fn sprint_changes(before: &[Sprint], after: &Product) -> (Vec<Op>, Vec<Op>) {
    let mut undo = Vec::new();
    let mut redo = Vec::new();
    for (i, now) in after.sprints().iter().enumerate() {
        if let Some((j, was)) = before.iter().enumerate().find(|(_, b)| b.id == now.id)
            && was != now
        {
            undo.push(Op::Sprint(Box::new(was.clone()), j + 1));
            redo.push(Op::Sprint(Box::new(now.clone()), i + 1));
        }
    }
    (undo, redo)
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod follow_props;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_move_and_its_inverse_give_back_the_same_document() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut p = crate::demo::sample(today, 40).unwrap();
        let before = p.clone();
        let s = p.stories()[3].id;
        let next = p.stories()[4].id;
        let undo = Op::MoveStory(s, story_place_now(&p, s).unwrap());
        Op::MoveStory(s, Place::After(next)).apply(&mut p).unwrap();
        assert_ne!(p, before);
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
    }
}
