//! The quick keys: points, assignee, epic, sprint, blocker, status and labels of the
//! selected story, or of every story marked with `v`, each through a [`Picker`]; each
//! choice is one undoable change, however many stories it touches.

use crate::model::{Product, SprintState, StoryId, StoryPatch};

use super::action::{Action, NavAction, PickerAction};
use super::app::{App, Effect, Pane};
use super::finish::open_at_done;
use super::keymap::{Context, key_for};
use super::overlay::Overlay;
use super::picker::{Choice, Opt, Picker};
use super::question::Then;
use super::widgets::cell;

/// Which quick key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    Points,
    Assignee,
    Epic,
    Sprint,
    BlockedBy,
    /// With stories marked: their status (`s` cycles a single story's).
    Status,
    Label,
}

impl App {
    fn selected_story(&self) -> Option<StoryId> {
        match self.focus {
            Pane::Backlog => self.backlog.list.selected(),
            Pane::Sprint => self.sprint.list.selected(),
            Pane::Roadmap => None,
        }
    }

    /// The stories a quick key applies to: the marked ones, else the selected one.
    pub(super) fn targets(&self) -> Vec<StoryId> {
        if self.marked.is_empty() {
            self.selected_story().into_iter().collect()
        } else {
            // In backlog order, which is the order messages name them in.
            let marked = &self.marked;
            self.product
                .stories()
                .iter()
                .filter(|s| marked.contains(&s.id))
                .map(|s| s.id)
                .collect()
        }
    }

    pub(super) fn open_picker(&mut self, quick: Quick) {
        let targets = self.targets();
        let Some(&id) = targets.first() else {
            self.message = Some("select a story first (Backlog or Sprint view)".into());
            return;
        };
        let Ok(story) = self.product.story(id) else {
            return;
        };
        let who = if targets.len() > 1 {
            format!("{} marked stories", targets.len())
        } else {
            id.to_string()
        };
        if quick == Quick::BlockedBy && targets.len() > 1 {
            self.message = Some("blocked-by is set one story at a time".into());
            return;
        }
        let p = &self.product;
        let (title, options) = match quick {
            Quick::Points => (format!("Points for {who}"), points(p)),
            Quick::Assignee => (format!("Assign {who} (type a new name)"), assignees(p)),
            Quick::Epic => (format!("Move {who} to epic"), epics(p)),
            Quick::Sprint => (format!("Plan {who} into"), sprints(p)),
            Quick::BlockedBy => (
                format!("{id} is blocked by (✓ toggles)"),
                blockers(p, story),
            ),
            Quick::Status => (format!("Status of {who}"), statuses()),
            Quick::Label => (
                format!("Label {who}: add, or remove if all have it"),
                labels(p),
            ),
        };
        // The list opens on what the story has now, so Enter changes nothing by accident.
        let current = match quick {
            Quick::Points => Some(Choice::Points(story.points)),
            Quick::Assignee => Some(Choice::Assignee(story.assignee.clone())),
            Quick::Epic => Some(Choice::Epic(story.epic)),
            Quick::Sprint => Some(Choice::Sprint(story.sprint)),
            Quick::Status => Some(Choice::Status(story.status)),
            Quick::BlockedBy | Quick::Label => None,
        };
        let mut picker = Picker::new(title, targets, options);
        if let Some(current) = current {
            picker.select_choice(&current);
        }
        picker.free_text = match quick {
            Quick::Assignee => Some(|name| Choice::Assignee(Some(name))),
            Quick::Label => Some(Choice::Label),
            Quick::Points | Quick::Epic | Quick::Sprint | Quick::BlockedBy | Quick::Status => None,
        };
        self.overlays.push(Overlay::Picker(Box::new(picker)));
    }

    /// The keys of the pick list on top.
    pub(super) fn picker_key(&mut self, action: PickerAction) -> Effect {
        let Some(Overlay::Picker(picker)) = self.overlays.top_mut() else {
            return Effect::None;
        };
        match action {
            PickerAction::Char(c) => picker.type_char(c),
            PickerAction::Backspace => picker.backspace(),
            PickerAction::Up => picker.step(-1),
            PickerAction::Down => picker.step(1),
            PickerAction::Choose => return self.choose(),
            PickerAction::Close => {
                self.overlays.pop();
            }
        }
        Effect::None
    }

    /// Enter in a picker: applies the highlighted option to its stories, as one edit.
    fn choose(&mut self) -> Effect {
        let Some(Overlay::Picker(picker)) = self.overlays.top() else {
            return Effect::None;
        };
        if picker.chosen().is_none() {
            // Nothing to choose: the list stays, so the search can be changed.
            let key = |action| key_for(Context::Picker, &Action::Picker(action));
            self.message = Some(match picker.query.trim() {
                "" => format!("nothing to choose: {} closes", key(PickerAction::Close)),
                query => format!(
                    "no match for '{}': {} changes the search, {} closes",
                    cell(query),
                    key(PickerAction::Backspace),
                    key(PickerAction::Close)
                ),
            });
            return Effect::None;
        }
        let Some(Overlay::Picker(picker)) = self.overlays.pop() else {
            return Effect::None;
        };
        let Some(choice) = picker.chosen() else {
            return Effect::None;
        };
        if let Choice::Jump(target) = choice {
            self.jump(target);
            return Effect::None;
        }
        if let Choice::Review(id) = choice {
            return self.write_review(id);
        }
        if let Choice::Template(name) = &choice {
            self.open_story_from(picker.stories.first().copied(), name.as_deref());
            return Effect::None;
        }
        let ids = picker.stories;
        if let Some(same) = already(&self.product, &choice, &ids) {
            self.message = Some(same);
            return Effect::None;
        }
        if let Choice::Status(status) = choice {
            let open = open_at_done(&self.product, &ids, status);
            if !open.is_empty() {
                let n = ids.len();
                self.ask_finish(
                    &open,
                    n,
                    Then::SetStatus {
                        stories: ids,
                        status,
                    },
                );
                return Effect::None;
            }
        }
        self.apply_choice(ids, choice)
    }

    /// Applies a choice to its stories, as one edit. A choice every story already has is
    /// no edit: nothing to undo, and the message says so.
    pub(super) fn apply_choice(&mut self, ids: Vec<StoryId>, choice: Choice) -> Effect {
        if let Some(same) = already(&self.product, &choice, &ids) {
            self.message = Some(same);
            return Effect::None;
        }
        let what = describe(&choice, &ids);
        let now = self.now;
        let result = self.commit_stories(what, &ids, |p| {
            // A label all of them have comes off all of them; otherwise it goes on.
            let drop_label = matches!(&choice, Choice::Label(l)
                if ids.iter().all(|id| p.story(*id).is_ok_and(|s| s.labels.contains(l))));
            for id in &ids {
                let patch = patch(p.story(*id)?, &choice, drop_label);
                p.update_story(*id, patch, now)?;
            }
            Ok(())
        });
        match result {
            Ok(effect) => effect,
            Err(e) => self.refused(e),
        }
    }
}

/// "S-11 already has 8 points" when every story in `ids` already has what `choice` sets;
/// `None` when the choice changes something (labels and blockers always toggle).
fn already(p: &Product, choice: &Choice, ids: &[StoryId]) -> Option<String> {
    let has = |s: &crate::model::Story| match choice {
        Choice::Points(n) => s.points == *n,
        Choice::Assignee(a) => s.assignee == *a,
        Choice::Epic(e) => s.epic == *e,
        Choice::Sprint(sp) => s.sprint == *sp,
        Choice::Status(st) => s.status == *st,
        Choice::Label(_)
        | Choice::Blocker(_)
        | Choice::Jump(_)
        | Choice::Template(_)
        | Choice::Review(_) => false,
    };
    let all = !ids.is_empty() && ids.iter().all(|id| p.story(*id).is_ok_and(has));
    if !all {
        return None;
    }
    let (who, have, are) = match ids {
        [one] => (one.to_string(), "has", "is"),
        many => (format!("all {} stories", many.len()), "have", "are"),
    };
    let has_already = |what: String| format!("{who} already {have} {what}");
    let is_already = |what: String| format!("{who} {are} already {what}");
    Some(match choice {
        Choice::Points(Some(n)) => has_already(points_word(*n)),
        Choice::Points(None) => is_already("not estimated".into()),
        Choice::Assignee(Some(a)) => is_already(format!("assigned to {}", cell(a))),
        Choice::Assignee(None) => is_already("assigned to nobody".into()),
        Choice::Epic(Some(e)) => is_already(format!("in {e}")),
        Choice::Epic(None) => is_already("in no epic".into()),
        Choice::Sprint(Some(sp)) => is_already(format!("planned into {sp}")),
        Choice::Sprint(None) => is_already("in the backlog".into()),
        Choice::Status(st) => is_already(st.to_string()),
        Choice::Label(_)
        | Choice::Blocker(_)
        | Choice::Jump(_)
        | Choice::Template(_)
        | Choice::Review(_) => return None,
    })
}

/// What the undo step and the message call a choice applied to `ids`.
fn describe(choice: &Choice, ids: &[StoryId]) -> String {
    let who = match ids {
        [one] => one.to_string(),
        many => format!("{} stories", many.len()),
    };
    match choice {
        Choice::Points(Some(n)) => format!("{who}: {}", points_word(*n)),
        Choice::Points(None) => format!("{who}: ? points"),
        Choice::Assignee(a) => format!("{who}: assigned to {}", a.as_deref().unwrap_or("nobody")),
        Choice::Epic(e) => format!(
            "{who} moved to {}",
            e.map_or("no epic".into(), |e| e.to_string())
        ),
        Choice::Sprint(s) => format!(
            "{who} planned into {}",
            s.map_or("the backlog".into(), |s| s.to_string())
        ),
        Choice::Status(s) => format!("{who} now {s}"),
        Choice::Label(l) => format!("{who}: label {l} toggled"),
        Choice::Blocker(b) => format!("{who}: blocked by {b} toggled"),
        Choice::Jump(target) => format!("jumped to {target:?}"),
        Choice::Template(name) => format!("new story from {name:?}"),
        Choice::Review(id) => format!("the review of {id}"),
    }
}

/// The change a choice makes to one story.
fn patch(story: &crate::model::Story, choice: &Choice, drop_label: bool) -> StoryPatch {
    let mut patch = StoryPatch::default();
    match choice {
        Choice::Points(n) => patch.points = Some(*n),
        Choice::Assignee(a) => patch.assignee = Some(a.clone()),
        Choice::Epic(e) => patch.epic = Some(*e),
        Choice::Sprint(s) => patch.sprint = Some(*s),
        Choice::Status(s) => patch.status = Some(*s),
        Choice::Label(l) => {
            let mut labels = story.labels.clone();
            if drop_label {
                labels.retain(|x| x != l);
            } else if !labels.contains(l) {
                labels.push(l.clone());
            }
            patch.labels = Some(labels);
        }
        Choice::Blocker(b) => {
            let mut list = story.blocked_by.clone();
            if list.contains(b) {
                list.retain(|x| x != b);
            } else {
                list.push(*b);
            }
            patch.blocked_by = Some(list);
        }
        // Handled before any story is touched.
        Choice::Jump(_) | Choice::Template(_) | Choice::Review(_) => {}
    }
    patch
}

fn opt(label: String, choice: Choice) -> Opt {
    Opt { label, choice }
}

/// "1 point", "3 points".
fn points_word(n: u32) -> String {
    if n == 1 {
        "1 point".to_string()
    } else {
        format!("{n} points")
    }
}

/// The document's scale; `?` means not estimated.
fn points(p: &Product) -> Vec<Opt> {
    let mut o: Vec<Opt> = p
        .points_scale()
        .iter()
        .map(|n| opt(points_word(*n), Choice::Points(Some(*n))))
        .collect();
    o.push(opt("? not estimated".into(), Choice::Points(None)));
    o
}

fn assignees(p: &Product) -> Vec<Opt> {
    let mut names: Vec<&str> = p
        .stories()
        .iter()
        .filter_map(|s| s.assignee.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut o: Vec<Opt> = names
        .into_iter()
        .map(|n| opt(n.to_string(), Choice::Assignee(Some(n.to_string()))))
        .collect();
    o.push(opt("(nobody)".into(), Choice::Assignee(None)));
    o
}

fn epics(p: &Product) -> Vec<Opt> {
    let mut o: Vec<Opt> = p
        .epics()
        .iter()
        .map(|e| opt(format!("{} {}", e.id, e.title), Choice::Epic(Some(e.id))))
        .collect();
    o.push(opt("(no epic)".into(), Choice::Epic(None)));
    o
}

/// The sprints still open, each with the room it has left.
fn sprints(p: &Product) -> Vec<Opt> {
    let mut o: Vec<Opt> = p
        .sprints()
        .iter()
        .filter(|s| s.state != SprintState::Closed)
        .map(|s| {
            let planned = p
                .sprint_stories(s.id)
                .filter_map(|x| x.points)
                .fold(0u32, u32::saturating_add);
            let room = match s.capacity {
                Some(c) if planned <= c => format!("{} of {c} pts left", c - planned),
                Some(c) => format!("{} pts over {c}", planned - c),
                None => format!("{planned} pts planned, no capacity set"),
            };
            let label = format!("{} {} · {} · {room}", s.id, s.name, s.state);
            opt(label, Choice::Sprint(Some(s.id)))
        })
        .collect();
    o.push(opt("(back to the backlog)".into(), Choice::Sprint(None)));
    o
}

/// Every other story, ticked where it already blocks `story`.
fn blockers(p: &Product, story: &crate::model::Story) -> Vec<Opt> {
    p.stories()
        .iter()
        .filter(|s| s.id != story.id)
        .map(|s| {
            let mark = if story.blocked_by.contains(&s.id) {
                "✓"
            } else {
                " "
            };
            opt(
                format!("{mark} {} {}", s.id, s.title),
                Choice::Blocker(s.id),
            )
        })
        .collect()
}

fn statuses() -> Vec<Opt> {
    crate::model::StoryStatus::ALL
        .iter()
        .map(|s| opt(s.to_string(), Choice::Status(*s)))
        .collect()
}

fn labels(p: &Product) -> Vec<Opt> {
    let mut labels: Vec<&str> = p
        .stories()
        .iter()
        .flat_map(|s| s.labels.iter().map(String::as_str))
        .collect();
    labels.sort_unstable();
    labels.dedup();
    labels
        .into_iter()
        .map(|l| opt(l.to_string(), Choice::Label(l.to_string())))
        .collect()
}

impl App {
    /// `v`: marks or unmarks the selected story and steps to the next, so a run of
    /// stories is marked by holding the key.
    pub(super) fn toggle_mark(&mut self) {
        let Some(id) = self.selected_story() else {
            if self.focus == Pane::Roadmap {
                let key = |pane| key_for(Context::Global, &Action::Nav(NavAction::Focus(pane)));
                self.message = Some(format!(
                    "{} marks stories, not epics: in the Backlog ({}) or the Sprint view ({})",
                    key_for(
                        Context::Global,
                        &Action::Story(super::action::StoryAction::Mark)
                    ),
                    key(Pane::Backlog),
                    key(Pane::Sprint)
                ));
            }
            return;
        };
        if !self.marked.remove(&id) {
            self.marked.insert(id);
        }
        self.list_mut().step(1);
        let message = format!("{} marked: {}", self.marked.len(), marked_keys());
        self.message = Some(message);
    }
}

/// "s p a m > + d apply to all; Esc clears": the keys that act on every marked story, as
/// the Backlog binds them.
fn marked_keys() -> String {
    use super::action::{Action, ItemAction, NavAction, StoryAction};
    let key = |action| key_for(Context::Backlog, &action);
    let bulk = [
        StoryAction::CycleStatus,
        StoryAction::Points,
        StoryAction::Assignee,
        StoryAction::MoveToEpic,
        StoryAction::PlanSprint,
        StoryAction::Labels,
    ];
    let mut keys: Vec<String> = bulk.into_iter().map(|a| key(Action::Story(a))).collect();
    keys.push(key(Action::Item(ItemAction::Delete)));
    let clear = key(Action::Nav(NavAction::Clear));
    format!("{} apply to all; {clear} clears", keys.join(" "))
}
