//! What the Sprint view's keys do: planning stories in and out, starting, closing (after
//! asking where unfinished stories go), the review report and the chart toggles. Changes go
//! through the product's named methods; the report is handed to the loop to write through
//! the store.

use crate::model::{Product, SprintId, SprintState};
use crate::review::Report;

use super::super::action::{Action, CloseSprintAction, SprintAction};
use super::super::app::{App, Effect, ReportFile};
use super::super::keymap::{Context, key_for};
use super::super::overlay::Overlay;

impl App {
    /// The Sprint view's own keys.
    pub(in crate::tui) fn sprint_key(&mut self, action: SprintAction) -> Effect {
        match action {
            SprintAction::TogglePlanning => {
                self.sprint.planning = !self.sprint.planning;
                self.rebuild_lists();
                self.sprint.list.first();
            }
            SprintAction::PlanToggle => return self.plan_toggle(),
            SprintAction::Start => return self.start_sprint(),
            SprintAction::AskClose => match self.product.active_sprint() {
                Some(_) => self.overlays.push(Overlay::CloseSprint),
                None => self.message = Some("no sprint is active; nothing to close".into()),
            },
            SprintAction::WriteReport => return self.report(),
            SprintAction::NextChart => self.sprint.chart = self.sprint.chart.cycle(1),
            SprintAction::PrevChart => self.sprint.chart = self.sprint.chart.cycle(-1),
        }
        Effect::None
    }

    /// The answer to "where do the unfinished stories go?".
    pub(in crate::tui) fn close_sprint_key(&mut self, action: CloseSprintAction) -> Effect {
        if !matches!(self.overlays.top(), Some(Overlay::CloseSprint)) {
            return Effect::None;
        }
        self.overlays.pop();
        match action {
            CloseSprintAction::ToNextSprint => match self.product.next_planned_sprint() {
                Some(next) => {
                    let next = next.id;
                    self.close_sprint(Some(next))
                }
                None => {
                    let ask = Action::Sprint(SprintAction::AskClose);
                    let backlog = Action::CloseSprint(CloseSprintAction::ToBacklog);
                    self.message = Some(format!(
                        "no planned sprint to carry stories over to; {} then {} puts them on the backlog",
                        key_for(Context::Sprint, &ask),
                        key_for(Context::CloseSprint, &backlog)
                    ));
                    Effect::None
                }
            },
            CloseSprintAction::ToBacklog => self.close_sprint(None),
            CloseSprintAction::Cancel => Effect::None,
        }
    }

    /// In planning, Enter plans the selected backlog story into the target sprint, or takes
    /// a story of that sprint back out. Going over capacity is allowed; the message says by
    /// how much.
    fn plan_toggle(&mut self) -> Effect {
        let (Some(target), Some(id)) = (
            self.derived.sprints.target,
            self.sprint.list.selected().filter(|_| self.sprint.planning),
        ) else {
            return Effect::None;
        };
        let planned = self
            .product
            .story(id)
            .is_ok_and(|s| s.sprint == Some(target));
        let done = if planned {
            self.product.unplan_stories(target, &[id], self.now)
        } else {
            self.product.plan_stories(target, &[id], self.now)
        };
        if let Err(e) = done {
            self.message = Some(e.to_string());
            return Effect::None;
        }
        let word = if planned {
            "took {id} out of"
        } else {
            "planned {id} into"
        };
        let what = word.replace("{id}", &id.to_string());
        let fill = fill_text(&self.product, target);
        // The cursor stays where it was, not with the story: Enter, Enter plans the top two.
        let at = (self.sprint.list.group, self.sprint.list.index);
        let effect = self.edited(format!("{what} {target}: {fill}"));
        self.sprint.list.select(at);
        effect
    }

    /// Starts the sprint shown: in planning the one being planned.
    fn start_sprint(&mut self) -> Effect {
        let shown = if self.sprint.planning {
            self.derived.sprints.target
        } else {
            self.derived.sprint
        };
        let Some(id) = shown else {
            self.message = Some("no sprint to start".into());
            return Effect::None;
        };
        if let Err(e) = self.product.start_sprint(id, self.now) {
            self.message = Some(e.to_string());
            return Effect::None;
        }
        self.edited(format!("started {id}"))
    }

    fn close_sprint(&mut self, carry_to: Option<SprintId>) -> Effect {
        let Some(id) = self.product.active_sprint().map(|s| s.id) else {
            return Effect::None;
        };
        match self.product.close_sprint(id, carry_to, self.now) {
            Ok(outcome) => {
                let n = outcome.carried_over.len();
                let to = carry_to.map_or("the top of the backlog".into(), |t| t.to_string());
                self.edited(format!("closed {id}; {n} unfinished stories to {to}"))
            }
            Err(e) => {
                self.message = Some(e.to_string());
                Effect::None
            }
        }
    }

    /// The review of the active sprint, else of the last closed one, else of the one shown.
    fn report(&mut self) -> Effect {
        let last_closed = self.derived.sprints.closed.last().map(|(id, _)| *id);
        let id = self
            .product
            .active_sprint()
            .map(|s| s.id)
            .or(last_closed)
            .or(self.derived.sprint);
        let Some(id) = id else {
            self.message = Some("no sprint to report on".into());
            return Effect::None;
        };
        match Report::build(&self.product, id, self.now) {
            Ok(report) => Effect::WriteReport(ReportFile {
                what: "the review",
                file_name: format!("{id}-review.md"),
                text: report.markdown(),
            }),
            Err(e) => {
                self.message = Some(e.to_string());
                Effect::None
            }
        }
    }
}

/// "31 of 28 points, 3 over capacity" (or without capacity, just the points).
pub fn fill_text(product: &Product, sprint: SprintId) -> String {
    let points = product.sprint_progress(sprint).points_total;
    let capacity = product
        .sprint(sprint)
        .ok()
        .filter(|s| s.state != SprintState::Closed)
        .and_then(|s| s.capacity);
    match capacity {
        Some(c) if points > c => format!("{points} of {c} points, {} over capacity", points - c),
        Some(c) => format!("{points} of {c} points"),
        None => format!("{points} points"),
    }
}
