//! Opening a form on what the focused pane has selected, and saving it as one undoable
//! change through the product's named methods.

use crate::model::{
    EpicPatch, Horizon, ModelError, Place, Product, SprintPatch, StoryDraft, StoryPatch,
    VisionPatch,
};

use super::super::action::FormAction;
use super::super::app::{App, Effect, Pane};
use super::super::build::RoadItem;
use super::super::overlay::Overlay;
use super::fields;
use super::read::{self, StoryValues};
use super::{Form, Target};

impl App {
    /// `n`: a new item of the kind the focused pane shows.
    pub(in crate::tui) fn new_item(&mut self) {
        let target = match self.focus {
            Pane::Backlog => Target::NewStory(self.backlog.list.selected()),
            Pane::Sprint => Target::NewSprint,
            Pane::Roadmap => match self.roadmap_horizon() {
                Some(h) => Target::NewEpic(h),
                None => Target::NewVision,
            },
        };
        self.open_form(target);
    }

    /// The horizon a new epic goes into: the selected board column (the visions' group
    /// makes a vision instead), or the selected epic's horizon on the timeline.
    fn roadmap_horizon(&self) -> Option<Horizon> {
        let list = &self.roadmap.list;
        if self.roadmap.timeline {
            return Some(match list.selected() {
                Some(RoadItem::Epic(id)) => {
                    self.product.epic(id).map_or(Horizon::Next, |e| e.horizon)
                }
                _ => Horizon::Next,
            });
        }
        list.group
            .checked_sub(1)
            .and_then(|i| Horizon::ALL.get(i).copied())
    }

    /// `e`: edits what is selected (in the Sprint view with no story selected, the sprint).
    pub(in crate::tui) fn edit_item(&mut self) {
        let target = match self.focus {
            Pane::Backlog => self.backlog.list.selected().map(Target::Story),
            Pane::Sprint => match self.sprint.list.selected() {
                Some(id) => Some(Target::Story(id)),
                None => self.derived.sprint.map(Target::Sprint),
            },
            Pane::Roadmap => match self.roadmap.list.selected() {
                Some(RoadItem::Epic(id)) => Some(Target::Epic(id)),
                Some(RoadItem::Vision(id)) => Some(Target::Vision(id)),
                None => None,
            },
        };
        match target {
            Some(t) => self.open_form(t),
            None => self.message = Some("nothing selected to edit".into()),
        }
    }

    pub(in crate::tui) fn open_form(&mut self, target: Target) {
        let p = &self.product;
        let fields = match target {
            Target::NewStory(_) => fields::story(None),
            Target::Story(id) => fields::story(p.story(id).ok()),
            Target::NewEpic(h) => fields::epic(None, h),
            Target::Epic(id) => fields::epic(p.epic(id).ok(), Horizon::Next),
            Target::NewVision => fields::vision(None),
            Target::Vision(id) => fields::vision(p.vision(id).ok()),
            Target::NewSprint => fields::sprint(None, self.today),
            Target::Sprint(id) => fields::sprint(p.sprint(id).ok(), self.today),
        };
        self.overlays
            .push(Overlay::Form(Box::new(Form::new(target, fields))));
    }

    /// The keys of the form on top.
    pub(in crate::tui) fn form_key(&mut self, action: FormAction) -> Effect {
        let Some(Overlay::Form(form)) = self.overlays.top_mut() else {
            return Effect::None;
        };
        match action {
            FormAction::Next => form.next(),
            FormAction::Prev => form.prev(),
            FormAction::Key(key) => form.key(key),
            FormAction::Paste(text) => form.paste(&text),
            FormAction::Enter if form.focused_is_multiline() => {
                form.key(crossterm::event::KeyEvent::from(
                    crossterm::event::KeyCode::Enter,
                ));
            }
            FormAction::Enter if !form.on_last() => form.next(),
            FormAction::Enter | FormAction::Save => return self.save_form(),
            FormAction::Cancel if form.changed() => self.ask_discard(),
            FormAction::Cancel => self.close_form(),
        }
        Effect::None
    }

    /// Closes the form on top.
    pub(in crate::tui) fn close_form(&mut self) {
        if matches!(self.overlays.top(), Some(Overlay::Form(_))) {
            self.overlays.pop();
        }
    }

    /// Ctrl-s (or Enter on the last field): saves, or leaves the form open saying why not.
    fn save_form(&mut self) -> Effect {
        if !matches!(self.overlays.top(), Some(Overlay::Form(_))) {
            return Effect::None;
        }
        let Some(Overlay::Form(mut form)) = self.overlays.pop() else {
            return Effect::None;
        };
        let is_edit = !matches!(
            form.target,
            Target::NewStory(_) | Target::NewEpic(_) | Target::NewVision | Target::NewSprint
        );
        if is_edit && !form.changed() {
            // Nothing typed: an empty undo step would only confuse.
            return Effect::None;
        }
        form.clear_errors();
        match self.save_target(&mut form) {
            Some(Ok(Effect::Save { .. })) => {
                form.error = None;
                Effect::Save { reopen: Some(form) }
            }
            Some(Ok(effect)) => effect,
            Some(Err(e)) => {
                form.error = Some(e.to_string());
                self.overlays.push(Overlay::Form(form));
                Effect::None
            }
            None => {
                self.overlays.push(Overlay::Form(form));
                Effect::None
            }
        }
    }

    /// `None` when a field was refused (the form shows where).
    fn save_target(&mut self, form: &mut Form) -> Option<Result<Effect, ModelError>> {
        let now = self.now;
        let saved = match form.target {
            Target::NewStory(after) => {
                let v = read::read_story(form, &self.product)?;
                let place = after.map_or(Place::Top, Place::After);
                let criteria = v.criteria.clone();
                let result = self.commit_new_story(
                    |p| p.add_story(story_draft(v), place, now),
                    |p, id| p.set_criteria(id, criteria, now),
                );
                result.map(|(id, effect)| {
                    self.select_story(id);
                    self.message = Some(format!("created {id}"));
                    effect
                })
            }
            Target::Story(id) => {
                let v = read::read_story(form, &self.product)?;
                // Only what the user changed: the document may have been reloaded under the
                // form (another program wrote it), and untouched fields must keep its values.
                let criteria = form.field_changed("Criteria").then(|| v.criteria.clone());
                let patch = story_patch(v, |label| form.field_changed(label));
                self.commit_stories(format!("edited {id}"), &[id], |p| {
                    p.update_story(id, patch, now)?;
                    match criteria {
                        Some(c) => p.set_criteria(id, c, now),
                        None => Ok(()),
                    }
                })
            }
            Target::NewEpic(_) => {
                let (draft, wsjf) = read::read_epic(form, &self.product)?;
                let result = self.commit("created an epic".into(), |p| {
                    let id = p.add_epic(draft)?;
                    p.set_epic_wsjf(id, wsjf)?;
                    Ok(id)
                });
                result.map(|(id, effect)| {
                    self.select_road(RoadItem::Epic(id));
                    self.message = Some(format!("created {id}"));
                    effect
                })
            }
            Target::Epic(id) => {
                let (d, wsjf) = read::read_epic(form, &self.product)?;
                let patch = EpicPatch {
                    title: Some(d.title),
                    description: Some(d.description),
                    vision: Some(d.vision),
                    status: d.status,
                    horizon: d.horizon,
                    start: Some(d.start),
                    target: Some(d.target),
                    rice: Some(d.rice),
                    labels: Some(d.labels),
                };
                self.commit(format!("edited {id}"), |p| {
                    p.update_epic(id, patch)?;
                    p.set_epic_wsjf(id, wsjf)
                })
                .map(|((), e)| e)
            }
            Target::NewVision => {
                let draft = read::read_vision(form)?;
                let result = self.commit("created a vision".into(), |p| p.add_vision(draft));
                result.map(|(id, effect)| {
                    self.select_road(RoadItem::Vision(id));
                    self.message = Some(format!("created {id}"));
                    effect
                })
            }
            Target::Vision(id) => {
                let d = read::read_vision(form)?;
                let patch = VisionPatch {
                    title: Some(d.title),
                    statement: Some(d.statement),
                    target_group: Some(d.target_group),
                    needs: Some(d.needs),
                    product: Some(d.product),
                    goals: Some(d.goals),
                };
                self.commit(format!("edited {id}"), |p| p.update_vision(id, patch))
                    .map(|((), e)| e)
            }
            Target::NewSprint => {
                let draft = read::read_sprint(form)?;
                self.commit("created a sprint".into(), |p| p.add_sprint(draft))
                    .map(|(id, effect)| {
                        self.message = Some(format!("created {id}"));
                        effect
                    })
            }
            Target::Sprint(id) => {
                let d = read::read_sprint(form)?;
                let patch = SprintPatch {
                    name: Some(d.name),
                    goal: Some(d.goal),
                    start: Some(d.start),
                    end: Some(d.end),
                    capacity: Some(d.capacity),
                };
                self.commit(format!("edited {id}"), |p: &mut Product| {
                    p.update_sprint(id, patch)
                })
                .map(|((), e)| e)
            }
        };
        Some(saved)
    }

    pub(in crate::tui) fn select_story(&mut self, id: crate::model::StoryId) {
        if let Some(at) = self.backlog.list.find(id) {
            self.backlog.list.select(at);
        }
        if let Some(at) = self.sprint.list.find(id) {
            self.sprint.list.select(at);
        }
    }

    pub(in crate::tui) fn select_road(&mut self, item: RoadItem) {
        if let Some(at) = self.roadmap.list.find(item) {
            self.roadmap.list.select(at);
        }
    }
}

fn story_draft(v: StoryValues) -> StoryDraft {
    StoryDraft {
        title: v.title,
        as_a: v.as_a,
        i_want: v.i_want,
        so_that: v.so_that,
        description: v.description,
        acceptance_criteria: Vec::new(),
        points: v.points,
        status: Some(v.status),
        epic: v.epic,
        sprint: v.sprint,
        labels: v.labels,
        assignee: v.assignee,
        blocked_by: v.blocked_by,
    }
}

/// The fields of the form the user changed, as a patch; `changed` tells by field label.
fn story_patch(v: StoryValues, changed: impl Fn(&str) -> bool) -> StoryPatch {
    let pick = |label: &str| changed(label);
    StoryPatch {
        title: pick("Title").then_some(v.title),
        as_a: pick("As a").then_some(v.as_a),
        i_want: pick("I want").then_some(v.i_want),
        so_that: pick("So that").then_some(v.so_that),
        description: pick("Description").then_some(v.description),
        points: pick("Points").then_some(v.points),
        status: pick("Status").then_some(v.status),
        epic: pick("Epic").then_some(v.epic),
        sprint: pick("Sprint").then_some(v.sprint),
        labels: pick("Labels").then_some(v.labels),
        assignee: pick("Assignee").then_some(v.assignee),
        blocked_by: pick("Blocked by").then_some(v.blocked_by),
        ..StoryPatch::default()
    }
}
