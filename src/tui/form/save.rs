//! Opening a form on what the focused pane has selected, and saving it as one undoable
//! change through the product's named methods.

use crate::model::{
    DoneRule, EpicPatch, Horizon, ModelError, Place, SprintPatch, StoryDraft, StoryPatch,
    StoryStatus, VisionPatch,
};

use super::super::action::FormAction;
use super::super::app::{App, Effect, Pane, RoadmapView};
use super::super::build::RoadItem;
use super::super::finish::{Finish, Open};
use super::super::overlay::Overlay;
use super::super::question::Then;
use super::fields::{self, EpicField, SprintField, StoryField, VisionField};
use super::read::{self, StoryValues};
use super::{AnyForm, Form, Subject, Target};

impl App {
    /// `n`: a new item of the kind the focused pane shows.
    pub(in crate::tui) fn new_item(&mut self) {
        let target = match self.focus {
            Pane::Backlog => {
                let after = self.backlog.list.selected();
                if self.offer_templates(after) {
                    return;
                }
                Target::NewStory(after)
            }
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
        if self.roadmap.view == RoadmapView::Goals {
            return None;
        }
        if self.roadmap.view == RoadmapView::Timeline {
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
                // A goal is edited as a line of its vision's goals.
                Some(RoadItem::Goal(r)) => Some(Target::Vision(r.vision)),
                None => None,
            },
        };
        match target {
            Some(t) => self.open_form(t),
            None => self.message = Some("nothing selected to edit".into()),
        }
    }

    pub(in crate::tui) fn open_form(&mut self, target: Target) {
        let (p, today) = (&self.product, self.today);
        let form = match target {
            Target::NewStory(after) => {
                AnyForm::Story(Form::new(Subject::New(after), |f| fields::story(None, f)))
            }
            Target::Story(id) => {
                let s = p.story(id).ok();
                AnyForm::Story(Form::new(Subject::Edit(id), |f| fields::story(s, f)))
            }
            Target::NewEpic(h) => {
                AnyForm::Epic(Form::new(Subject::New(h), |f| fields::epic(None, h, f)))
            }
            Target::Epic(id) => {
                let e = p.epic(id).ok();
                let form = Form::new(Subject::Edit(id), |f| fields::epic(e, Horizon::Next, f));
                AnyForm::Epic(form)
            }
            Target::NewVision => {
                AnyForm::Vision(Form::new(Subject::New(()), |f| fields::vision(None, f)))
            }
            Target::Vision(id) => {
                let v = p.vision(id).ok();
                AnyForm::Vision(Form::new(Subject::Edit(id), |f| fields::vision(v, f)))
            }
            Target::NewSprint => {
                let form = Form::new(Subject::New(()), |f| fields::sprint(None, today, f));
                AnyForm::Sprint(form)
            }
            Target::Sprint(id) => {
                let s = p.sprint(id).ok();
                let form = Form::new(Subject::Edit(id), |f| fields::sprint(s, today, f));
                AnyForm::Sprint(form)
            }
            Target::Reading(goal) => AnyForm::Reading(super::super::reading::form(goal, today)),
        };
        self.overlays.push(Overlay::Form(Box::new(form)));
    }

    /// The keys of the form on top.
    pub(in crate::tui) fn form_key(&mut self, action: FormAction) -> Effect {
        let Some(Overlay::Form(form)) = self.overlays.top_mut() else {
            return Effect::None;
        };
        let form = form.fields_mut();
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
            FormAction::Enter | FormAction::Save => return self.save_form(Finish::Ask),
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
    /// A story set to done with items open is asked about first (`Finish::Ask`); "yes"
    /// saves again with `Finish::Anyway`.
    pub(in crate::tui) fn save_form(&mut self, finish: Finish) -> Effect {
        if !matches!(self.overlays.top(), Some(Overlay::Form(_))) {
            return Effect::None;
        }
        let Some(Overlay::Form(mut form)) = self.overlays.pop() else {
            return Effect::None;
        };
        let is_edit = !matches!(
            form.target(),
            Target::NewStory(_)
                | Target::NewEpic(_)
                | Target::NewVision
                | Target::NewSprint
                | Target::Reading(_)
        );
        if is_edit && !form.fields().changed() {
            // Nothing typed: an empty undo step would only confuse.
            return Effect::None;
        }
        form.fields_mut().clear_errors();
        let saved = match &mut *form {
            AnyForm::Story(f) => self.save_story(f, finish),
            AnyForm::Epic(f) => self.save_epic(f),
            AnyForm::Vision(f) => self.save_vision(f),
            AnyForm::Sprint(f) => self.save_sprint(f),
            AnyForm::Reading(f) => self.save_reading(f),
        };
        match saved {
            Some(Ok(effect)) => effect,
            Some(Err(ModelError::OpenAtDone {
                story,
                criteria,
                dod,
                ..
            })) if finish == Finish::Ask => {
                self.overlays.push(Overlay::Form(form));
                let open = Open {
                    story,
                    criteria,
                    dod,
                };
                self.ask_finish(&[open], 1, Then::SaveForm);
                Effect::None
            }
            Some(Err(e)) => {
                form.fields_mut().error = Some(e.to_string());
                self.overlays.push(Overlay::Form(form));
                Effect::None
            }
            None => {
                self.overlays.push(Overlay::Form(form));
                Effect::None
            }
        }
    }

    // Each save below is `None` when a field was refused (the form shows where). An edit
    // sets only the fields the user changed: the document may have been reloaded under the
    // form (another program wrote it), and untouched fields must keep its values.

    fn save_story(
        &mut self,
        form: &mut Form<StoryField>,
        finish: Finish,
    ) -> Option<Result<Effect, ModelError>> {
        let now = self.now;
        let v = read::read_story(form, &self.product)?;
        let rule = match finish {
            Finish::Ask => DoneRule::Checked,
            Finish::Anyway => DoneRule::Forced,
        };
        Some(match form.subject {
            Subject::New(after) => {
                let place = after.map_or(Place::Top, Place::After);
                let criteria = v.criteria.clone();
                if rule == DoneRule::Checked && v.status == StoryStatus::Done {
                    // A new story has ticked no DoD item yet.
                    let open = criteria.iter().filter(|c| !c.done).count();
                    let dod = self.product.definition_of_done().len();
                    if open + dod > 0 {
                        let open_items = format!("{open} criteria, {dod} DoD items");
                        return Some(Err(ModelError::OpenAtDone {
                            story: "the new story".into(),
                            open: open_items,
                            criteria: open,
                            dod,
                        }));
                    }
                }
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
            Subject::Edit(id) => {
                let criteria = form
                    .changed(StoryField::Criteria)
                    .then(|| v.criteria.clone());
                let patch = story_patch(v, |f| form.changed(f));
                // Criteria first, so ticks made in the form count when done is checked.
                self.commit_stories(format!("edited {id}"), &[id], |p| {
                    if let Some(c) = criteria {
                        p.set_criteria(id, c, now)?;
                    }
                    p.update_story_checked(id, patch, now, rule)
                })
            }
        })
    }

    fn save_epic(&mut self, form: &mut Form<EpicField>) -> Option<Result<Effect, ModelError>> {
        let (d, wsjf) = read::read_epic(form, &self.product)?;
        Some(match form.subject {
            Subject::New(_) => {
                let result = self.commit("created an epic".into(), |p| {
                    let id = p.add_epic(d)?;
                    p.set_epic_wsjf(id, wsjf)?;
                    Ok(id)
                });
                result.map(|(id, effect)| {
                    self.select_road(RoadItem::Epic(id));
                    self.message = Some(format!("created {id}"));
                    effect
                })
            }
            Subject::Edit(id) => {
                let changed = |f| form.changed(f);
                let patch = EpicPatch {
                    title: changed(EpicField::Title).then_some(d.title),
                    description: changed(EpicField::Description).then_some(d.description),
                    vision: changed(EpicField::Vision).then_some(d.vision),
                    status: d.status.filter(|_| changed(EpicField::Status)),
                    horizon: d.horizon.filter(|_| changed(EpicField::Horizon)),
                    start: changed(EpicField::Start).then_some(d.start),
                    target: changed(EpicField::Target).then_some(d.target),
                    rice: form.any_changed(&EpicField::RICE).then_some(d.rice),
                    labels: changed(EpicField::Labels).then_some(d.labels),
                };
                let wsjf = form.any_changed(&EpicField::WSJF).then_some(wsjf);
                self.commit(format!("edited {id}"), |p| {
                    p.update_epic(id, patch)?;
                    match wsjf {
                        Some(w) => p.set_epic_wsjf(id, w),
                        None => Ok(()),
                    }
                })
                .map(|((), e)| e)
            }
        })
    }

    fn save_vision(&mut self, form: &mut Form<VisionField>) -> Option<Result<Effect, ModelError>> {
        let d = read::read_vision(form)?;
        Some(match form.subject {
            Subject::New(()) => {
                let result = self.commit("created a vision".into(), |p| p.add_vision(d));
                result.map(|(id, effect)| {
                    self.select_road(RoadItem::Vision(id));
                    self.message = Some(format!("created {id}"));
                    effect
                })
            }
            Subject::Edit(id) => {
                let changed = |f| form.changed(f);
                let patch = VisionPatch {
                    title: changed(VisionField::Title).then_some(d.title),
                    statement: changed(VisionField::Statement).then_some(d.statement),
                    target_group: changed(VisionField::TargetGroup).then_some(d.target_group),
                    needs: changed(VisionField::Needs).then_some(d.needs),
                    product: changed(VisionField::Product).then_some(d.product),
                    goals: changed(VisionField::Goals).then_some(d.goals),
                };
                self.commit(format!("edited {id}"), |p| p.update_vision(id, patch))
                    .map(|((), e)| e)
            }
        })
    }

    fn save_sprint(&mut self, form: &mut Form<SprintField>) -> Option<Result<Effect, ModelError>> {
        let d = read::read_sprint(form)?;
        Some(match form.subject {
            Subject::New(()) => self
                .commit("created a sprint".into(), |p| p.add_sprint(d))
                .map(|(id, effect)| {
                    self.message = Some(format!("created {id}"));
                    effect
                }),
            Subject::Edit(id) => {
                let changed = |f| form.changed(f);
                let patch = SprintPatch {
                    name: changed(SprintField::Name).then_some(d.name),
                    goal: changed(SprintField::Goal).then_some(d.goal),
                    start: changed(SprintField::Start).then_some(d.start),
                    end: changed(SprintField::End).then_some(d.end),
                    capacity: changed(SprintField::Capacity).then_some(d.capacity),
                };
                self.commit(format!("edited {id}"), |p| p.update_sprint(id, patch))
                    .map(|((), e)| e)
            }
        })
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

/// The fields of the form the user changed, as a patch.
fn story_patch(v: StoryValues, changed: impl Fn(StoryField) -> bool) -> StoryPatch {
    StoryPatch {
        title: changed(StoryField::Title).then_some(v.title),
        as_a: changed(StoryField::AsA).then_some(v.as_a),
        i_want: changed(StoryField::IWant).then_some(v.i_want),
        so_that: changed(StoryField::SoThat).then_some(v.so_that),
        description: changed(StoryField::Description).then_some(v.description),
        points: changed(StoryField::Points).then_some(v.points),
        status: changed(StoryField::Status).then_some(v.status),
        epic: changed(StoryField::Epic).then_some(v.epic),
        sprint: changed(StoryField::Sprint).then_some(v.sprint),
        labels: changed(StoryField::Labels).then_some(v.labels),
        assignee: changed(StoryField::Assignee).then_some(v.assignee),
        blocked_by: changed(StoryField::BlockedBy).then_some(v.blocked_by),
        ..StoryPatch::default()
    }
}
