//! The quick keys: points, assignee, epic, sprint and blocker of the selected story, each
//! through a [`Picker`], each choice one undoable change.

use crate::model::{SprintState, StoryId, StoryPatch};

use super::app::{App, Effect, Mode, Pane};
use super::picker::{Choice, Opt, Picker};

/// The team's estimation scale; `?` means not estimated.
const SCALE: [u32; 8] = [0, 1, 2, 3, 5, 8, 13, 21];

/// Which quick key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    Points,
    Assignee,
    Epic,
    Sprint,
    BlockedBy,
}

impl App {
    fn selected_story(&self) -> Option<StoryId> {
        match self.focus {
            Pane::Backlog => self.backlog.list.selected(),
            Pane::Sprint => self.sprint.list.selected(),
            Pane::Roadmap => None,
        }
    }

    pub(super) fn open_picker(&mut self, quick: Quick) {
        let Some(id) = self.selected_story() else {
            self.message = Some("select a story first (Backlog or Sprint view)".into());
            return;
        };
        let Ok(story) = self.product.story(id) else {
            return;
        };
        let p = &self.product;
        let opt = |label: String, choice| Opt { label, choice };
        let (title, options) = match quick {
            Quick::Points => {
                let mut o: Vec<Opt> = SCALE
                    .iter()
                    .map(|n| opt(format!("{n} points"), Choice::Points(Some(*n))))
                    .collect();
                o.push(opt("? not estimated".into(), Choice::Points(None)));
                (format!("Points for {id}"), o)
            }
            Quick::Assignee => {
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
                (format!("Assign {id} (type a new name)"), o)
            }
            Quick::Epic => {
                let mut o: Vec<Opt> = p
                    .epics()
                    .iter()
                    .map(|e| opt(format!("{} {}", e.id, e.title), Choice::Epic(Some(e.id))))
                    .collect();
                o.push(opt("(no epic)".into(), Choice::Epic(None)));
                (format!("Move {id} to epic"), o)
            }
            Quick::Sprint => {
                let mut o: Vec<Opt> = p
                    .sprints()
                    .iter()
                    .filter(|s| s.state != SprintState::Closed)
                    .map(|s| {
                        let planned: u32 = p.sprint_stories(s.id).filter_map(|x| x.points).sum();
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
                (format!("Plan {id} into"), o)
            }
            Quick::BlockedBy => {
                let o = p
                    .stories()
                    .iter()
                    .filter(|s| s.id != id)
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
                    .collect();
                (format!("{id} is blocked by (✓ toggles)"), o)
            }
        };
        let mut picker = Picker::new(title, Some(id), options);
        picker.free_text = quick == Quick::Assignee;
        self.picker = Some(Box::new(picker));
        self.mode = Mode::Picker;
    }

    pub(super) fn close_picker(&mut self) {
        self.picker = None;
        self.mode = Mode::Normal;
    }

    /// Enter in a picker: applies the highlighted option to the story.
    pub(super) fn choose(&mut self) -> Effect {
        let Some(picker) = self.picker.take() else {
            return Effect::None;
        };
        self.mode = Mode::Normal;
        let Some(choice) = picker.chosen() else {
            return Effect::None;
        };
        if let Choice::Jump(target) = choice {
            self.jump(target);
            return Effect::None;
        }
        let Some(id) = picker.story else {
            return Effect::None;
        };
        let Ok(story) = self.product.story(id) else {
            return Effect::None;
        };
        let mut patch = StoryPatch::default();
        let what = match choice {
            Choice::Points(n) => {
                patch.points = Some(n);
                format!("{id}: {} points", n.map_or("?".into(), |n| n.to_string()))
            }
            Choice::Assignee(a) => {
                let what = format!("{id}: assigned to {}", a.as_deref().unwrap_or("nobody"));
                patch.assignee = Some(a);
                what
            }
            Choice::Epic(e) => {
                patch.epic = Some(e);
                format!(
                    "{id} moved to {}",
                    e.map_or("no epic".into(), |e| e.to_string())
                )
            }
            Choice::Sprint(s) => {
                patch.sprint = Some(s);
                format!(
                    "{id} planned into {}",
                    s.map_or("the backlog".into(), |s| s.to_string())
                )
            }
            Choice::Jump(_) => return Effect::None,
            Choice::Blocker(b) => {
                let mut list = story.blocked_by.clone();
                let what = if list.contains(&b) {
                    list.retain(|x| *x != b);
                    format!("{id} no longer blocked by {b}")
                } else {
                    list.push(b);
                    format!("{id} blocked by {b}")
                };
                patch.blocked_by = Some(list);
                what
            }
        };
        let now = self.now;
        match self.commit(what, |p| p.update_story(id, patch, now)) {
            Ok(((), effect)) => effect,
            Err(e) => {
                self.message = Some(e.to_string());
                Effect::None
            }
        }
    }
}
